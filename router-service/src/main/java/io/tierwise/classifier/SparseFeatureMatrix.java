package io.tierwise.classifier;

import java.util.Arrays;
import java.util.Objects;

/**
 * A sparse feature matrix in compressed sparse row (CSR) form: row {@code r} holds the entries
 * {@code rowStart[r] .. rowStart[r + 1] - 1} of {@code columnIndex}/{@code value}.
 */
public final class SparseFeatureMatrix implements FeatureMatrix {

  private final int columns;
  private final int[] rowStart;
  private final int[] columnIndex;
  private final double[] value;

  private SparseFeatureMatrix(int columns, int[] rowStart, int[] columnIndex, double[] value) {
    this.columns = columns;
    this.rowStart = rowStart;
    this.columnIndex = columnIndex;
    this.value = value;
  }

  /**
   * Copies and validates CSR arrays: {@code rowStart} starts at 0, never decreases and ends at the
   * number of entries; column indices are in range and strictly increasing within each row; values
   * are finite.
   */
  public static SparseFeatureMatrix of(
      int columns, int[] rowStart, int[] columnIndex, double[] value) {
    Objects.requireNonNull(rowStart, "rowStart");
    Objects.requireNonNull(columnIndex, "columnIndex");
    Objects.requireNonNull(value, "value");
    if (columns < 0) {
      throw new IllegalArgumentException("columns must be >= 0, got: " + columns);
    }
    if (rowStart.length == 0 || rowStart[0] != 0) {
      throw new IllegalArgumentException(
          "rowStart must start with 0, got: "
              + Arrays.toString(Arrays.copyOf(rowStart, Math.min(rowStart.length, 3))));
    }
    if (columnIndex.length != value.length) {
      throw new IllegalArgumentException(
          "columnIndex and value lengths differ: " + columnIndex.length + " vs " + value.length);
    }
    if (rowStart[rowStart.length - 1] != value.length) {
      throw new IllegalArgumentException(
          "rowStart must end at the entry count "
              + value.length
              + ", got: "
              + rowStart[rowStart.length - 1]);
    }
    for (int r = 0; r + 1 < rowStart.length; r++) {
      if (rowStart[r + 1] < rowStart[r]) {
        throw new IllegalArgumentException("rowStart decreases at row " + r);
      }
      for (int k = rowStart[r]; k < rowStart[r + 1]; k++) {
        int c = columnIndex[k];
        if (c < 0 || c >= columns) {
          throw new IllegalArgumentException(
              "column index out of range [0, " + columns + ") in row " + r + ": " + c);
        }
        if (k > rowStart[r] && c <= columnIndex[k - 1]) {
          throw new IllegalArgumentException(
              "column indices must increase within a row; row "
                  + r
                  + " has "
                  + columnIndex[k - 1]
                  + " then "
                  + c);
        }
        if (!Double.isFinite(value[k])) {
          throw new IllegalArgumentException(
              "feature values must be finite, got: " + value[k] + " at row " + r + " column " + c);
        }
      }
    }
    return new SparseFeatureMatrix(columns, rowStart.clone(), columnIndex.clone(), value.clone());
  }

  @Override
  public int rows() {
    return rowStart.length - 1;
  }

  @Override
  public int columns() {
    return columns;
  }

  /** Number of stored (non-zero) entries. */
  public int entries() {
    return value.length;
  }

  /** Column indices of the stored entries of one row, ascending. */
  public int[] rowColumns(int row) {
    Objects.checkIndex(row, rows());
    return Arrays.copyOfRange(columnIndex, rowStart[row], rowStart[row + 1]);
  }

  /** Values of the stored entries of one row, in the order of {@link #rowColumns(int)}. */
  public double[] rowValues(int row) {
    Objects.checkIndex(row, rows());
    return Arrays.copyOfRange(value, rowStart[row], rowStart[row + 1]);
  }

  @Override
  public double dotRow(int row, double[] weights) {
    double sum = 0;
    for (int k = rowStart[row], end = rowStart[row + 1]; k < end; k++) {
      sum += value[k] * weights[columnIndex[k]];
    }
    return sum;
  }

  @Override
  public void addRowTo(int row, double scale, double[] accumulator) {
    for (int k = rowStart[row], end = rowStart[row + 1]; k < end; k++) {
      accumulator[columnIndex[k]] += scale * value[k];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparseFeatureMatrix other
        && columns == other.columns
        && Arrays.equals(rowStart, other.rowStart)
        && Arrays.equals(columnIndex, other.columnIndex)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * columns + Arrays.hashCode(rowStart)) + Arrays.hashCode(columnIndex))
        + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "SparseFeatureMatrix[" + rows() + " x " + columns + ", " + value.length + " entries]";
  }
}
