package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProbabilityMetricsTest {

  @Test
  void brierScoreByHand() {
    // (0.1^2 + 0.2^2 + 0.6^2) / 3 = 0.41 / 3
    assertEquals(
        0.41 / 3,
        ProbabilityMetrics.brierScore(new double[] {0.9, 0.2, 0.6}, new double[] {1, 0, 0}),
        1e-15);
    // Weighted: (2 * 0.01 + 0.04) / 3
    assertEquals(
        0.06 / 3,
        ProbabilityMetrics.brierScore(
            new double[] {0.9, 0.2}, new double[] {1, 0}, new double[] {2, 1}),
        1e-15);
  }

  @Test
  void logLossByHandIncludingSoftLabelsAndClamping() {
    double expected = -(Math.log(0.9) + Math.log(0.8)) / 2;
    assertEquals(
        expected, ProbabilityMetrics.logLoss(new double[] {0.9, 0.2}, new double[] {1, 0}), 1e-15);
    assertEquals(
        -(0.3 * Math.log(0.5) + 0.7 * Math.log(0.5)),
        ProbabilityMetrics.logLoss(new double[] {0.5}, new double[] {0.3}),
        1e-15);
    assertEquals(
        -Math.log(1e-15), ProbabilityMetrics.logLoss(new double[] {0.0}, new double[] {1}), 1e-9);
  }

  @Test
  void rocAucByHandWithTies() {
    // Positives 0.35, 0.8; negatives 0.1, 0.4: of 4 pairs, 3 ranked right.
    assertEquals(
        0.75,
        ProbabilityMetrics.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0, 0, 1, 1}));
    assertEquals(0.5, ProbabilityMetrics.rocAuc(new double[] {0.5, 0.5}, new double[] {1, 0}));
    // Positive 0.5 vs negatives 0.5 (tie, 0.5) and 0.2 (win): (1 + 0.5) / 2.
    assertEquals(
        0.75, ProbabilityMetrics.rocAuc(new double[] {0.5, 0.5, 0.2}, new double[] {1, 0, 0}));
    assertTrue(Double.isNaN(ProbabilityMetrics.rocAuc(new double[] {0.2}, new double[] {1})));
  }

  @Test
  void softLabelAucEqualsAucOfTheExpandedBinaryRows() {
    double[] scores = {0.1, 0.4, 0.7};
    double[] soft = {0.25, 0.5, 1.0};
    // Expand each soft row into 4 binary rows with the same score.
    double[] expandedScores = new double[12];
    double[] expandedLabels = new double[12];
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 4; k++) {
        expandedScores[4 * i + k] = scores[i];
        expandedLabels[4 * i + k] = k < soft[i] * 4 ? 1 : 0;
      }
    }
    assertEquals(
        ProbabilityMetrics.rocAuc(expandedScores, expandedLabels),
        ProbabilityMetrics.rocAuc(scores, soft),
        1e-15);
  }

  @Test
  void rejectsMismatchedOrOutOfRangeInputs() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ProbabilityMetrics.brierScore(new double[] {0.1}, new double[] {1, 0}));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProbabilityMetrics.logLoss(new double[] {1.2}, new double[] {1}));
    assertTrue(e.getMessage().contains("1.2"), e.getMessage());
  }
}
