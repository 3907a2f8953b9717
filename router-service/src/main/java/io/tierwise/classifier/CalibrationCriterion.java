package io.tierwise.classifier;

/** The held-out score used to choose among calibration candidates (lower is better for both). */
public enum CalibrationCriterion {
  /** Mean cross-entropy: punishes confident mistakes hard, so it favours cautious calibrations. */
  LOG_LOSS,
  /** Mean squared error of the probability: bounded, so one confident miss cannot dominate. */
  BRIER;

  double score(double[] predicted, double[] outcomes, double[] weights) {
    return switch (this) {
      case LOG_LOSS -> ProbabilityMetrics.logLoss(predicted, outcomes, weights);
      case BRIER -> ProbabilityMetrics.brierScore(predicted, outcomes, weights);
    };
  }
}
