package io.tierwise.classifier;

/**
 * A read-only matrix of feature rows, exposing exactly the two row operations that logistic
 * regression training needs, so dense and sparse (TF-IDF) data share one optimiser.
 */
public sealed interface FeatureMatrix permits DenseFeatureMatrix, SparseFeatureMatrix, RowSubset {

  /** Number of rows (examples). */
  int rows();

  /** Number of columns (features). */
  int columns();

  /**
   * Returns the dot product of row {@code row} with {@code weights} (length {@link #columns()}).
   */
  double dotRow(int row, double[] weights);

  /**
   * Adds {@code scale} times row {@code row} to {@code accumulator} (length {@link #columns()}).
   */
  void addRowTo(int row, double scale, double[] accumulator);

  /**
   * A view of the given rows of this matrix, in the given order, without copying the data. Used for
   * cross-validation folds and for the rows that carry a label for one tier.
   */
  default FeatureMatrix selectRows(int[] rowIndices) {
    return RowSubset.of(this, rowIndices);
  }
}
