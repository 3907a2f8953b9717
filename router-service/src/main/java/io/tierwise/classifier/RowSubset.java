package io.tierwise.classifier;

import java.util.Objects;

/** A view of selected rows of another matrix; views of views collapse to one level. */
final class RowSubset implements FeatureMatrix {

  private final FeatureMatrix base;
  private final int[] baseRows;

  private RowSubset(FeatureMatrix base, int[] baseRows) {
    this.base = base;
    this.baseRows = baseRows;
  }

  static RowSubset of(FeatureMatrix matrix, int[] rowIndices) {
    Objects.requireNonNull(matrix, "matrix");
    Objects.requireNonNull(rowIndices, "rowIndices");
    int[] mapped = new int[rowIndices.length];
    for (int i = 0; i < rowIndices.length; i++) {
      int r = rowIndices[i];
      if (r < 0 || r >= matrix.rows()) {
        throw new IllegalArgumentException(
            "row index out of range [0, " + matrix.rows() + "): " + r);
      }
      mapped[i] = matrix instanceof RowSubset subset ? subset.baseRows[r] : r;
    }
    FeatureMatrix root = matrix instanceof RowSubset subset ? subset.base : matrix;
    return new RowSubset(root, mapped);
  }

  @Override
  public int rows() {
    return baseRows.length;
  }

  @Override
  public int columns() {
    return base.columns();
  }

  @Override
  public double dotRow(int row, double[] weights) {
    return base.dotRow(baseRows[row], weights);
  }

  @Override
  public void addRowTo(int row, double scale, double[] accumulator) {
    base.addRowTo(baseRows[row], scale, accumulator);
  }
}
