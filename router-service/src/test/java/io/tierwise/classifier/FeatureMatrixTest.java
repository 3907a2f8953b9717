package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureMatrixTest {

  private static final double[][] ROWS = {{1, 0, 2}, {0, 0, 0}, {0, 3, 0}};

  private static SparseFeatureMatrix sparse() {
    return SparseFeatureMatrix.of(
        3, new int[] {0, 2, 2, 3}, new int[] {0, 2, 1}, new double[] {1, 2, 3});
  }

  @Test
  void denseAndSparseAgreeOnRowOperations() {
    DenseFeatureMatrix dense = DenseFeatureMatrix.of(ROWS);
    SparseFeatureMatrix sparse = sparse();
    double[] w = {0.5, -1, 2};
    for (int r = 0; r < 3; r++) {
      assertEquals(dense.dotRow(r, w), sparse.dotRow(r, w), 0, "row " + r);
      double[] a = {1, 1, 1};
      double[] b = {1, 1, 1};
      dense.addRowTo(r, 2, a);
      sparse.addRowTo(r, 2, b);
      assertArrayEquals(a, b, 0);
    }
    assertEquals(4.5, dense.dotRow(0, w));
    assertEquals(-3, sparse.dotRow(2, w));
  }

  @Test
  void rowSelectionsAreViewsAndCompose() {
    FeatureMatrix dense = DenseFeatureMatrix.of(ROWS);
    FeatureMatrix view = dense.selectRows(new int[] {2, 0});
    FeatureMatrix viewOfView = view.selectRows(new int[] {1});
    double[] w = {1, 1, 1};
    assertEquals(2, view.rows());
    assertEquals(3, view.dotRow(0, w));
    assertEquals(3, view.dotRow(1, w));
    assertEquals(1, viewOfView.rows());
    assertEquals(3, viewOfView.dotRow(0, new double[] {1, 0, 1}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> dense.selectRows(new int[] {3}));
    assertTrue(e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void sparseRejectsMalformedCsrWithTheProblem() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SparseFeatureMatrix.of(3, new int[] {0, 1}, new int[] {3}, new double[] {1}));
    IllegalArgumentException unsorted =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SparseFeatureMatrix.of(3, new int[] {0, 2}, new int[] {2, 1}, new double[] {1, 1}));
    assertTrue(unsorted.getMessage().contains("increase"), unsorted.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SparseFeatureMatrix.of(3, new int[] {0, 2}, new int[] {1}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SparseFeatureMatrix.of(3, new int[] {0, 1}, new int[] {1}, new double[] {Double.NaN}));
  }

  @Test
  void denseRejectsRaggedAndNonFiniteRows() {
    assertThrows(
        IllegalArgumentException.class, () -> DenseFeatureMatrix.of(new double[][] {{1, 2}, {3}}));
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> DenseFeatureMatrix.of(new double[][] {{1, 2}, {3, Double.NaN}}));
    assertTrue(nan.getMessage().contains("row 1 column 1"), nan.getMessage());
  }

  @Test
  void matricesCopyTheirInput() {
    double[][] rows = {{1, 2}};
    DenseFeatureMatrix dense = DenseFeatureMatrix.of(rows);
    rows[0][0] = 99;
    assertEquals(1, dense.get(0, 0));
    double[] values = {5};
    SparseFeatureMatrix sparse = SparseFeatureMatrix.of(2, new int[] {0, 1}, new int[] {1}, values);
    values[0] = 99;
    assertArrayEquals(new double[] {5}, sparse.rowValues(0));
  }
}
