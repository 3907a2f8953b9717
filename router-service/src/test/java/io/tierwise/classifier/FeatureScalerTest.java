package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FeatureScalerTest {

  @Test
  void standardisesWithPopulationStandardDeviation() {
    // Column 0: 1, 2, 3 -> mean 2, sd sqrt(2/3). Column 1: constant 5 -> scale 1.
    FeatureScaler scaler =
        FeatureScaler.fit(DenseFeatureMatrix.of(new double[][] {{1, 5}, {2, 5}, {3, 5}}));
    assertArrayEquals(new double[] {2, 5}, scaler.means(), 1e-15);
    assertArrayEquals(new double[] {Math.sqrt(2.0 / 3), 1}, scaler.scales(), 1e-15);
    assertArrayEquals(
        new double[] {1 / Math.sqrt(2.0 / 3), 0}, scaler.transform(new double[] {3, 5}), 1e-15);
    DenseFeatureMatrix transformed =
        scaler.transform(DenseFeatureMatrix.of(new double[][] {{2, 7}}));
    assertArrayEquals(new double[] {0, 2}, transformed.row(0), 1e-15);
  }

  @Test
  void rejectsWrongLengthsAndBadScales() {
    FeatureScaler scaler = new FeatureScaler(new double[] {0, 0}, new double[] {1, 1});
    assertThrows(IllegalArgumentException.class, () -> scaler.transform(new double[3]));
    assertThrows(
        IllegalArgumentException.class,
        () -> new FeatureScaler(new double[] {0}, new double[] {0}));
    assertThrows(
        IllegalArgumentException.class,
        () -> FeatureScaler.fit(DenseFeatureMatrix.ofRowMajor(0, 2, new double[0])));
  }
}
