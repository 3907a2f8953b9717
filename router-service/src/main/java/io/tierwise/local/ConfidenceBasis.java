package io.tierwise.local;

/** Which number a {@link ConfidenceGate} compares to its threshold. */
public enum ConfidenceBasis {
  /** P(good answer) from a {@link ConfidenceCalibration} fitted on labelled outcomes. */
  CALIBRATED("calibrated"),
  /**
   * The answer's mean token log-probability, used when no calibration is available: uncalibrated,
   * but monotone in the same evidence.
   */
  MEAN_LOGPROB("mean-logprob");

  private final String label;

  ConfidenceBasis(String label) {
    this.label = label;
  }

  /** The name used in headers and logs. */
  public String label() {
    return label;
  }
}
