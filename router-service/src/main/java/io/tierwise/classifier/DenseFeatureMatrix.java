package io.tierwise.classifier;

import java.util.Arrays;
import java.util.Objects;

/** A dense feature matrix stored row-major in one {@code double[]}. */
public final class DenseFeatureMatrix implements FeatureMatrix {

  private final int rows;
  private final int columns;
  private final double[] values;

  private DenseFeatureMatrix(int rows, int columns, double[] values) {
    this.rows = rows;
    this.columns = columns;
    this.values = values;
  }

  /**
   * Copies {@code rowValues} into a new matrix; every row must have the same length and only finite
   * values.
   */
  public static DenseFeatureMatrix of(double[][] rowValues) {
    Objects.requireNonNull(rowValues, "rowValues");
    int columns = rowValues.length == 0 ? 0 : rowValues[0].length;
    double[] values = new double[Math.multiplyExact(rowValues.length, columns)];
    for (int r = 0; r < rowValues.length; r++) {
      double[] row = Objects.requireNonNull(rowValues[r], "row " + r);
      if (row.length != columns) {
        throw new IllegalArgumentException(
            "row " + r + " has " + row.length + " features, expected " + columns);
      }
      System.arraycopy(row, 0, values, r * columns, columns);
    }
    return ofRowMajor(rowValues.length, columns, values);
  }

  /** Wraps a copy of row-major {@code values} ({@code rows * columns} finite numbers). */
  public static DenseFeatureMatrix ofRowMajor(int rows, int columns, double[] values) {
    Objects.requireNonNull(values, "values");
    if (rows < 0 || columns < 0) {
      throw new IllegalArgumentException(
          "rows and columns must be >= 0, got: " + rows + " x " + columns);
    }
    if (values.length != (long) rows * columns) {
      throw new IllegalArgumentException(
          "expected "
              + ((long) rows * columns)
              + " values for "
              + rows
              + " x "
              + columns
              + ", got: "
              + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "feature values must be finite, got: "
                + values[i]
                + " at row "
                + (i / columns)
                + " column "
                + (i % columns));
      }
    }
    return new DenseFeatureMatrix(rows, columns, values.clone());
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public int columns() {
    return columns;
  }

  /** Returns the value at ({@code row}, {@code column}). */
  public double get(int row, int column) {
    Objects.checkIndex(row, rows);
    Objects.checkIndex(column, columns);
    return values[row * columns + column];
  }

  /** Returns a copy of one row. */
  public double[] row(int row) {
    Objects.checkIndex(row, rows);
    double[] copy = new double[columns];
    System.arraycopy(values, row * columns, copy, 0, columns);
    return copy;
  }

  @Override
  public double dotRow(int row, double[] weights) {
    return dot(values, row * columns, weights, columns);
  }

  @Override
  public void addRowTo(int row, double scale, double[] accumulator) {
    int offset = row * columns;
    for (int j = 0; j < columns; j++) {
      accumulator[j] += scale * values[offset + j];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DenseFeatureMatrix other
        && rows == other.rows
        && columns == other.columns
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + columns) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "DenseFeatureMatrix[" + rows + " x " + columns + "]";
  }

  /**
   * Dot product of {@code length} values starting at {@code offset} with {@code weights}. Four
   * independent accumulators let the CPU overlap the additions; the summation order is fixed, so
   * results stay deterministic.
   */
  static double dot(double[] values, int offset, double[] weights, int length) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < length; j += 4) {
      s0 += values[offset + j] * weights[j];
      s1 += values[offset + j + 1] * weights[j + 1];
      s2 += values[offset + j + 2] * weights[j + 2];
      s3 += values[offset + j + 3] * weights[j + 3];
    }
    for (; j < length; j++) {
      s0 += values[offset + j] * weights[j];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
