package io.tierwise.classifier;

/**
 * Platt scaling: {@code p' = sigmoid(slope * logit(p) + intercept)}, a two-parameter logistic fit
 * of labels on the raw log-odds (Platt, 1999). Suits a classifier whose log-odds are right up to
 * scale and shift, e.g. over- or under-confident by a constant factor.
 *
 * @param slope multiplies the raw log-odds; below 1 tempers overconfidence
 * @param intercept shifts the log-odds
 */
public record PlattScaling(double slope, double intercept) implements ProbabilityCalibration {

  /** Raw probabilities are clamped this far from 0 and 1 so their logit is finite. */
  private static final double EPSILON = 1e-12;

  public PlattScaling {
    if (!Double.isFinite(slope)) {
      throw new IllegalArgumentException("slope must be finite, got: " + slope);
    }
    if (!Double.isFinite(intercept)) {
      throw new IllegalArgumentException("intercept must be finite, got: " + intercept);
    }
  }

  /**
   * Fits slope and intercept by maximum likelihood (unregularised, to tolerance 1e-10) on held-out
   * raw probabilities against their labels.
   *
   * @param probabilities raw held-out probabilities
   * @param labels outcomes in [0, 1] (soft labels allowed)
   * @param weights per-row weights, or {@code null} for all ones
   */
  public static PlattScaling fit(double[] probabilities, double[] labels, double[] weights) {
    ProbabilityMetrics.checkSameLength(probabilities, labels, weights);
    double[] logits = new double[probabilities.length];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = logit(probabilities[i]);
    }
    // A tiny penalty keeps the fit finite when held-out labels are perfectly separated by the
    // score.
    LogisticRegression.Fit fit =
        LogisticRegression.fit(
            DenseFeatureMatrix.ofRowMajor(logits.length, 1, logits),
            labels,
            weights,
            new LogisticRegression.FitOptions(1e-9, 1_000, 1e-10));
    return new PlattScaling(fit.model().coefficients()[0], fit.model().intercept());
  }

  @Override
  public double apply(double probability) {
    return LogisticLoss.sigmoid(slope * logit(probability) + intercept);
  }

  @Override
  public String kind() {
    return "platt";
  }

  private static double logit(double probability) {
    double p = Math.min(1 - EPSILON, Math.max(EPSILON, probability));
    return Math.log(p / (1 - p));
  }
}
