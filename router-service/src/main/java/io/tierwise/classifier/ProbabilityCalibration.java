package io.tierwise.classifier;

/**
 * A monotone map from a classifier's raw probability to a calibrated one, fitted on held-out
 * predictions. Implementations are immutable values.
 */
public sealed interface ProbabilityCalibration
    permits IdentityCalibration, PlattScaling, IsotonicCalibration {

  /** The calibrated probability for a raw probability in [0, 1]. */
  double apply(double probability);

  /** Short name used in reports and in the model file: {@code identity}, {@code platt}, ... */
  String kind();

  /** Applies the calibration to every element, returning a new array. */
  default double[] applyAll(double[] probabilities) {
    double[] out = new double[probabilities.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = apply(probabilities[i]);
    }
    return out;
  }
}
