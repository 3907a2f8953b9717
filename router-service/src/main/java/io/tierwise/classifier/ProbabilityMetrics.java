package io.tierwise.classifier;

import java.util.Arrays;

/**
 * Scores of predicted probabilities against outcomes in [0, 1]: Brier score, log loss and ROC AUC.
 * Pure functions; every method takes optional per-row weights ({@code null} means all ones).
 *
 * <p>Outcomes may be soft (graded quality). The AUC then counts a row with outcome y as a positive
 * of weight y and a negative of weight 1 - y, which reduces to the usual AUC for 0/1 outcomes.
 */
public final class ProbabilityMetrics {

  /** Log loss clamps probabilities this far from 0 and 1, as scikit-learn does. */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  private ProbabilityMetrics() {}

  /** Mean squared difference between prediction and outcome; 0 is perfect, 0.25 is a coin flip. */
  public static double brierScore(double[] predicted, double[] outcomes) {
    return brierScore(predicted, outcomes, null);
  }

  /** Weighted {@link #brierScore(double[], double[])}. */
  public static double brierScore(double[] predicted, double[] outcomes, double[] weights) {
    checkSameLength(predicted, outcomes, weights);
    double sum = 0;
    double total = 0;
    for (int i = 0; i < predicted.length; i++) {
      double w = weight(weights, i);
      double e = predicted[i] - outcomes[i];
      sum += w * e * e;
      total += w;
    }
    return sum / requirePositive(total);
  }

  /**
   * Mean cross-entropy {@code -[y log p + (1 - y) log(1 - p)]}, with p clamped to [1e-15, 1 -
   * 1e-15] so a confident miss costs about 34.5 rather than infinity.
   */
  public static double logLoss(double[] predicted, double[] outcomes) {
    return logLoss(predicted, outcomes, null);
  }

  /** Weighted {@link #logLoss(double[], double[])}. */
  public static double logLoss(double[] predicted, double[] outcomes, double[] weights) {
    checkSameLength(predicted, outcomes, weights);
    double sum = 0;
    double total = 0;
    for (int i = 0; i < predicted.length; i++) {
      double w = weight(weights, i);
      double p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, predicted[i]));
      double y = outcomes[i];
      double loss = 0;
      if (y > 0) {
        loss -= y * Math.log(p);
      }
      if (y < 1) {
        loss -= (1 - y) * Math.log1p(-p);
      }
      sum += w * loss;
      total += w;
    }
    return sum / requirePositive(total);
  }

  /**
   * Area under the ROC curve: the probability that a random positive is ranked above a random
   * negative, ties counting half. Returns NaN when there are no positives or no negatives.
   */
  public static double rocAuc(double[] predicted, double[] outcomes) {
    return rocAuc(predicted, outcomes, null);
  }

  /** Weighted {@link #rocAuc(double[], double[])}. */
  public static double rocAuc(double[] predicted, double[] outcomes, double[] weights) {
    checkSameLength(predicted, outcomes, weights);
    int n = predicted.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(predicted[a], predicted[b]));
    // Walk groups of tied scores upwards; each positive beats all negatives below its group and
    // ties half of the negatives within it.
    double negativesBelow = 0;
    double concordant = 0;
    double totalPositive = 0;
    int k = 0;
    while (k < n) {
      int end = k;
      double groupPositive = 0;
      double groupNegative = 0;
      while (end < n && predicted[order[end]] == predicted[order[k]]) {
        int i = order[end];
        double w = weight(weights, i);
        groupPositive += w * outcomes[i];
        groupNegative += w * (1 - outcomes[i]);
        end++;
      }
      concordant += groupPositive * (negativesBelow + 0.5 * groupNegative);
      negativesBelow += groupNegative;
      totalPositive += groupPositive;
      k = end;
    }
    double pairs = totalPositive * negativesBelow;
    return pairs > 0 ? concordant / pairs : Double.NaN;
  }

  /** Expected calibration error over ten equal-width bins; see {@link ReliabilityTable}. */
  public static double expectedCalibrationError(double[] predicted, double[] outcomes) {
    return ReliabilityTable.of(predicted, outcomes).expectedCalibrationError();
  }

  static double weight(double[] weights, int i) {
    return weights == null ? 1.0 : weights[i];
  }

  static void checkSameLength(double[] predicted, double[] outcomes, double[] weights) {
    if (predicted == null || outcomes == null) {
      throw new NullPointerException("predicted and outcomes must not be null");
    }
    if (predicted.length != outcomes.length) {
      throw new IllegalArgumentException(
          "predicted and outcomes differ in length: "
              + predicted.length
              + " vs "
              + outcomes.length);
    }
    if (weights != null && weights.length != predicted.length) {
      throw new IllegalArgumentException(
          "weights has " + weights.length + " entries for " + predicted.length + " predictions");
    }
    for (int i = 0; i < predicted.length; i++) {
      if (!(predicted[i] >= 0 && predicted[i] <= 1)) {
        throw new IllegalArgumentException(
            "predicted probability " + i + " must be in [0, 1], got: " + predicted[i]);
      }
      if (!(outcomes[i] >= 0 && outcomes[i] <= 1)) {
        throw new IllegalArgumentException(
            "outcome " + i + " must be in [0, 1], got: " + outcomes[i]);
      }
      if (weights != null && (!(weights[i] >= 0) || Double.isInfinite(weights[i]))) {
        throw new IllegalArgumentException(
            "weight " + i + " must be finite and >= 0, got: " + weights[i]);
      }
    }
  }

  private static double requirePositive(double totalWeight) {
    if (!(totalWeight > 0)) {
      throw new IllegalArgumentException("need at least one row with positive weight");
    }
    return totalWeight;
  }
}
