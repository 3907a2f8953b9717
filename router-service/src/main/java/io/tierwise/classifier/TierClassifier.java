package io.tierwise.classifier;

import java.util.Objects;

/**
 * One tier's success classifier: a logistic regression on (already transformed) features followed
 * by a probability calibration.
 *
 * @param regression the fitted logistic regression
 * @param calibration the calibration applied to its probability
 */
public record TierClassifier(LogisticRegression regression, ProbabilityCalibration calibration) {

  public TierClassifier {
    Objects.requireNonNull(regression, "regression");
    Objects.requireNonNull(calibration, "calibration");
  }

  /** Calibrated probability of success for one transformed feature vector. */
  public double probability(double[] features) {
    return calibration.apply(regression.probability(features));
  }

  /** Calibrated probabilities of success for every row. */
  public double[] probabilities(FeatureMatrix features) {
    return calibration.applyAll(regression.probabilities(features));
  }
}
