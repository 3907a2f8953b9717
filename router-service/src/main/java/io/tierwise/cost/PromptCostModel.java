package io.tierwise.cost;

import java.util.Arrays;
import java.util.Objects;

/**
 * Estimates, before any call is made, what answering a prompt will cost on each tier: a per-tier
 * line {@code usd = a + b * promptChars} fitted by least squares on labelled calls. The slope
 * captures input pricing, the intercept the tier's typical answer length; both are clamped at zero
 * so an estimate is never negative.
 *
 * @param intercepts per tier, USD for an empty prompt
 * @param slopes per tier, USD per prompt character
 */
public record PromptCostModel(double[] intercepts, double[] slopes) {

  public PromptCostModel {
    Objects.requireNonNull(intercepts, "intercepts");
    Objects.requireNonNull(slopes, "slopes");
    if (intercepts.length != slopes.length) {
      throw new IllegalArgumentException(
          "intercepts and slopes must have one entry per tier, got "
              + intercepts.length
              + " and "
              + slopes.length);
    }
    for (int t = 0; t < intercepts.length; t++) {
      if (!(intercepts[t] >= 0) || !(slopes[t] >= 0)) {
        throw new IllegalArgumentException(
            "tier "
                + t
                + ": cost line must be finite and >= 0, got a="
                + intercepts[t]
                + " b="
                + slopes[t]);
      }
    }
    intercepts = intercepts.clone();
    slopes = slopes.clone();
  }

  /**
   * Fits one line per tier.
   *
   * @param promptChars prompt length of each labelled row
   * @param costs {@code costs[row][tier]} observed USD, or {@code NaN} where the row has no cost
   *     for that tier
   */
  public static PromptCostModel fit(int[] promptChars, double[][] costs) {
    Objects.requireNonNull(promptChars, "promptChars");
    Objects.requireNonNull(costs, "costs");
    if (promptChars.length != costs.length) {
      throw new IllegalArgumentException(
          "one prompt length per row expected, got "
              + promptChars.length
              + " lengths for "
              + costs.length
              + " rows");
    }
    if (costs.length == 0) {
      throw new IllegalArgumentException("cannot fit a cost model on zero rows");
    }
    int tiers = costs[0].length;
    double[] a = new double[tiers];
    double[] b = new double[tiers];
    for (int t = 0; t < tiers; t++) {
      double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (int i = 0; i < costs.length; i++) {
        double y = costs[i][t];
        if (Double.isNaN(y)) {
          continue;
        }
        double x = promptChars[i];
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
      }
      if (n == 0) {
        throw new IllegalArgumentException("tier " + t + " has no labelled cost to fit");
      }
      double variance = n * sxx - sx * sx;
      double slope = variance > 1e-9 ? (n * sxy - sx * sy) / variance : 0.0;
      slope = Math.max(0.0, slope);
      double intercept = (sy - slope * sx) / n;
      if (intercept < 0) {
        // A negative intercept means cost is near-proportional to length: refit through the origin
        // instead.
        intercept = 0.0;
        slope = sxx > 0 ? Math.max(0.0, sxy / sxx) : 0.0;
      }
      a[t] = intercept;
      b[t] = slope;
    }
    borrowReferenceShape(costs, a, b);
    return new PromptCostModel(a, b);
  }

  /** A tier labelled on fewer than this share of the best-covered tier's rows borrows its shape. */
  static final double SUBSET_COVERAGE = 0.9;

  /** Fewest rows a tier must share with the best-covered tier to borrow its shape. */
  static final int MIN_SHARED_ROWS = 10;

  /**
   * Replaces the line of every tier seen on only a subset of the prompts by the best-covered tier's
   * line scaled by the two tiers' cost ratio on the prompts both answered. A line fitted on a
   * subset describes that subset: a cheap model labelled only on long-answer chat prompts would
   * otherwise look dearer on short questions than a pricier model labelled everywhere.
   */
  private static void borrowReferenceShape(double[][] costs, double[] a, double[] b) {
    int tiers = a.length;
    int[] labelled = new int[tiers];
    for (double[] row : costs) {
      for (int t = 0; t < tiers; t++) {
        labelled[t] += Double.isNaN(row[t]) ? 0 : 1;
      }
    }
    int reference = 0;
    for (int t = 1; t < tiers; t++) {
      if (labelled[t] > labelled[reference]) {
        reference = t;
      }
    }
    for (int t = 0; t < tiers; t++) {
      if (t == reference || labelled[t] >= SUBSET_COVERAGE * labelled[reference]) {
        continue;
      }
      double own = 0;
      double theirs = 0;
      int shared = 0;
      for (double[] row : costs) {
        if (!Double.isNaN(row[t]) && !Double.isNaN(row[reference])) {
          own += row[t];
          theirs += row[reference];
          shared++;
        }
      }
      if (shared >= MIN_SHARED_ROWS && theirs > 0) {
        double ratio = own / theirs;
        a[t] = ratio * a[reference];
        b[t] = ratio * b[reference];
      }
    }
  }

  /** Number of tiers. */
  public int tiers() {
    return intercepts.length;
  }

  /** Estimated USD per tier for a prompt of {@code promptChars} characters. */
  public double[] estimate(int promptChars) {
    double[] usd = new double[intercepts.length];
    for (int t = 0; t < usd.length; t++) {
      usd[t] = intercepts[t] + slopes[t] * promptChars;
    }
    return usd;
  }

  @Override
  public double[] intercepts() {
    return intercepts.clone();
  }

  @Override
  public double[] slopes() {
    return slopes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PromptCostModel that
        && Arrays.equals(intercepts, that.intercepts)
        && Arrays.equals(slopes, that.slopes);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(intercepts) + Arrays.hashCode(slopes);
  }

  @Override
  public String toString() {
    return "PromptCostModel[intercepts="
        + Arrays.toString(intercepts)
        + ", slopes="
        + Arrays.toString(slopes)
        + "]";
  }
}
