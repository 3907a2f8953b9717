package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbabilityCalibrationTest {

  @Test
  void isotonicPoolsAdjacentViolatorsByHand() {
    // Sorted by x the labels are 1, 0, 1, 1: the first two violate and pool to 0.5.
    IsotonicCalibration calibration =
        IsotonicCalibration.fit(new double[] {0.3, 0.1, 0.4, 0.2}, new double[] {1, 1, 1, 0}, null);
    assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, calibration.knots());
    assertArrayEquals(new double[] {0.5, 0.5, 1, 1}, calibration.values());
    assertEquals(0.5, calibration.apply(0.0));
    assertEquals(0.5, calibration.apply(0.15));
    assertEquals(0.75, calibration.apply(0.25), 1e-15); // linear between block ends
    assertEquals(1.0, calibration.apply(0.9));
  }

  @Test
  void isotonicHonoursWeightsAndTies() {
    // Tied raw probabilities form one point whatever the sort order; weights move the pooled mean.
    IsotonicCalibration calibration =
        IsotonicCalibration.fit(
            new double[] {0.5, 0.5, 0.2}, new double[] {1, 0, 1}, new double[] {3, 1, 1});
    // Point 0.2 -> 1 (w 1); point 0.5 -> 0.75 (w 4): a violation, pooled to (1 + 3) / 5 = 0.8.
    assertArrayEquals(new double[] {0.2, 0.5}, calibration.knots());
    assertArrayEquals(new double[] {0.8, 0.8}, calibration.values(), 1e-15);
  }

  @Test
  void isotonicIsMonotoneAndImprovesBrierOnAMiscalibratedSample() {
    SplittableRandom random = TestRandom.create("isotonicImprovesBrier", 17);
    int n = 5_000;
    double[] raw = new double[n];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      raw[i] = random.nextDouble();
      // Truth is raw squared: the raw score is systematically overconfident about success.
      labels[i] = random.nextDouble() < raw[i] * raw[i] ? 1 : 0;
    }
    IsotonicCalibration calibration = IsotonicCalibration.fit(raw, labels, null);
    double previous = -1;
    for (int k = 0; k <= 1_000; k++) {
      double value = calibration.apply(k / 1000.0);
      assertTrue(value >= previous, "not monotone at " + k / 1000.0);
      previous = value;
    }
    double[] fresh = new double[n];
    double[] freshLabels = new double[n];
    for (int i = 0; i < n; i++) {
      fresh[i] = random.nextDouble();
      freshLabels[i] = random.nextDouble() < fresh[i] * fresh[i] ? 1 : 0;
    }
    double before = ProbabilityMetrics.brierScore(fresh, freshLabels);
    double after = ProbabilityMetrics.brierScore(calibration.applyAll(fresh), freshLabels);
    System.out.printf("isotonic on held-out sample: Brier %.4f -> %.4f%n", before, after);
    assertTrue(after < before - 0.02, "Brier " + before + " -> " + after);
    assertEquals(0.25, calibration.apply(0.5), 0.05, "true rate at 0.5 is 0.25");
  }

  @Test
  void plattRecoversAKnownSigmoidExactlyFromSoftLabels() {
    // Labels are exactly sigmoid(2 * logit(p) - 0.5): the maximum-likelihood fit is that map.
    SplittableRandom random = TestRandom.create("plattKnownSigmoid", 23);
    double[] raw = new double[400];
    double[] labels = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = 0.02 + 0.96 * random.nextDouble();
      labels[i] = TestRandom.sigmoid(2 * Math.log(raw[i] / (1 - raw[i])) - 0.5);
    }
    PlattScaling platt = PlattScaling.fit(raw, labels, null);
    assertEquals(2.0, platt.slope(), 1e-6);
    assertEquals(-0.5, platt.intercept(), 1e-6);
    assertEquals(TestRandom.sigmoid(-0.5), platt.apply(0.5), 1e-6);
  }

  @Test
  void plattFromSampledLabelsIsCloseToTheTruth() {
    SplittableRandom random = TestRandom.create("plattSampled", 29);
    double[] raw = new double[20_000];
    double[] labels = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = 0.01 + 0.98 * random.nextDouble();
      double truth = TestRandom.sigmoid(0.5 * Math.log(raw[i] / (1 - raw[i])) + 0.3);
      labels[i] = random.nextDouble() < truth ? 1 : 0;
    }
    PlattScaling platt = PlattScaling.fit(raw, labels, null);
    assertEquals(0.5, platt.slope(), 0.05);
    assertEquals(0.3, platt.intercept(), 0.05);
  }

  @Test
  void identityLeavesProbabilitiesAlone() {
    assertEquals(0.37, IdentityCalibration.INSTANCE.apply(0.37));
    assertEquals("identity", IdentityCalibration.INSTANCE.kind());
  }

  @Test
  void calibrationsRejectInvalidParameters() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new IsotonicCalibration(new double[] {0.2, 0.1}, new double[] {0, 1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new IsotonicCalibration(new double[] {0.1, 0.2}, new double[] {0.6, 0.5}));
    assertThrows(IllegalArgumentException.class, () -> new PlattScaling(Double.NaN, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> IsotonicCalibration.fit(new double[] {0.5}, new double[] {1}, new double[] {0}));
  }
}
