package io.tierwise.policy;

import java.util.Arrays;
import java.util.Objects;

/**
 * A one-parameter family of {@link TierPolicy} instances: the knob that is swept to draw a
 * cost-quality curve and that calibration sets to meet a {@code Target}.
 *
 * <p>The grid is derived from the router's view of the data only (probabilities and estimated
 * costs, never true qualities), so computing it on a test split leaks nothing.
 */
public sealed interface PolicyFamily permits PolicyFamily.UniformThreshold, PolicyFamily.Utility {

  /** The policy at parameter {@code x}. */
  TierPolicy policyAt(double x);

  /** Name of the parameter, e.g. {@code threshold} or {@code lambda}. */
  String parameterName();

  /**
   * Parameter values worth trying on this data, ordered from the least to the most spending policy.
   * The first value routes every prompt to its cheapest choice, the last to the family's most
   * expensive choice; values in between are quantiles of the points where decisions change, so each
   * step moves a similar number of prompts.
   *
   * @param probability predicted probabilities, {@code [prompt][tier]}
   * @param estimatedCostUsd estimated costs, {@code [prompt][tier]}
   * @param size the most values to return, at least 2; duplicates are dropped so fewer may come
   *     back
   */
  double[] grid(double[][] probability, double[][] estimatedCostUsd, int size);

  /** The grid for {@code data}'s router view. */
  default double[] grid(ScoredPrompts data, int size) {
    Objects.requireNonNull(data, "data");
    return grid(data.probability(), data.estimatedCostUsd(), size);
  }

  /**
   * {@link TierPolicy.CheapestAboveThreshold} with one threshold {@code x} shared by all tiers: the
   * cheapest tier whose probability is at least {@code x}. Spend grows with {@code x}; {@code x}
   * above every probability sends everything to the most expensive tier.
   *
   * <p>One shared threshold rather than one per tier because per-tier thresholds have as many
   * degrees of freedom as tiers and overfit a validation split; the classifier is expected to
   * calibrate each tier's probability, which makes one bar meaningful for all.
   *
   * @param tiers number of tiers, at least 2
   */
  record UniformThreshold(int tiers) implements PolicyFamily {

    public UniformThreshold {
      if (tiers < 2) {
        throw new IllegalArgumentException("tiers must be at least 2, got: " + tiers);
      }
    }

    @Override
    public TierPolicy policyAt(double x) {
      return TierPolicy.CheapestAboveThreshold.uniform(tiers, x);
    }

    @Override
    public String parameterName() {
      return "threshold";
    }

    /** Quantiles of the probabilities of all but the most expensive tier, then one value above. */
    @Override
    public double[] grid(double[][] probability, double[][] estimatedCostUsd, int size) {
      checkSize(size);
      Objects.requireNonNull(probability, "probability");
      double[] values =
          Arrays.stream(probability)
              .flatMapToDouble(row -> Arrays.stream(row, 0, Math.min(row.length, tiers) - 1))
              .filter(Double::isFinite)
              .sorted()
              .toArray();
      if (values.length == 0) {
        return new double[] {0.0, 1.0};
      }
      double[] grid = quantiles(values, size - 1);
      grid = Arrays.copyOf(grid, grid.length + 1);
      // Strictly above every probability, so nothing clears: all prompts go to the top tier.
      grid[grid.length - 1] = Math.nextUp(values[values.length - 1]);
      return grid;
    }
  }

  /**
   * {@link TierPolicy.UtilityMaximising} at {@code lambda = x}. Spend falls as {@code x} grows: for
   * each prompt the chosen tier's estimated cost is non-increasing in lambda (if tier a wins at
   * lambda1 and b at lambda2 > lambda1, adding the two optimality inequalities gives (lambda2 -
   * lambda1)(cost_a - cost_b) >= 0), so the grid is returned in decreasing lambda.
   */
  record Utility() implements PolicyFamily {

    @Override
    public TierPolicy policyAt(double x) {
      return new TierPolicy.UtilityMaximising(x);
    }

    @Override
    public String parameterName() {
      return "lambda";
    }

    /**
     * Quantiles of the per-prompt break-even lambdas {@code (p_b - p_a) / (c_b - c_a)} over tier
     * pairs where the costlier tier b is also more probable, plus 0 and a value above all of them
     * (at which every prompt takes its cheapest estimated tier), in decreasing order.
     */
    @Override
    public double[] grid(double[][] probability, double[][] estimatedCostUsd, int size) {
      checkSize(size);
      Objects.requireNonNull(probability, "probability");
      Objects.requireNonNull(estimatedCostUsd, "estimatedCostUsd");
      if (probability.length != estimatedCostUsd.length) {
        throw new IllegalArgumentException(
            "probability has "
                + probability.length
                + " rows but estimatedCostUsd has "
                + estimatedCostUsd.length);
      }
      int count = 0;
      double[] breakEven = new double[16];
      for (int i = 0; i < probability.length; i++) {
        double[] p = probability[i];
        double[] c = estimatedCostUsd[i];
        for (int a = 0; a < p.length; a++) {
          for (int b = 0; b < p.length; b++) {
            if (c[b] > c[a] && p[b] > p[a]) {
              double lambda = (p[b] - p[a]) / (c[b] - c[a]);
              if (Double.isFinite(lambda)) {
                if (count == breakEven.length) {
                  breakEven = Arrays.copyOf(breakEven, count * 2);
                }
                breakEven[count++] = lambda;
              }
            }
          }
        }
      }
      if (count == 0) {
        return new double[] {1.0, 0.0};
      }
      double[] sorted = Arrays.copyOf(breakEven, count);
      Arrays.sort(sorted);
      double[] inner = quantiles(sorted, size - 2);
      // Above every break-even point (with room for rounding in p - lambda * c): cheapest tier.
      double above = Math.min(sorted[count - 1] * 2.0 + Double.MIN_NORMAL, Double.MAX_VALUE);
      double[] ascending = new double[inner.length + 2];
      ascending[0] = 0.0;
      System.arraycopy(inner, 0, ascending, 1, inner.length);
      ascending[ascending.length - 1] = above;
      double[] distinct = Arrays.stream(ascending).distinct().toArray();
      double[] descending = new double[distinct.length];
      for (int k = 0; k < distinct.length; k++) {
        descending[k] = distinct[distinct.length - 1 - k];
      }
      return descending;
    }
  }

  private static void checkSize(int size) {
    if (size < 2) {
      throw new IllegalArgumentException("grid size must be at least 2, got: " + size);
    }
  }

  /**
   * Up to {@code count} distinct values of {@code sorted} at evenly spaced ranks, first and last
   * included; ascending.
   */
  private static double[] quantiles(double[] sorted, int count) {
    if (count <= 0) {
      return new double[0];
    }
    if (count == 1) {
      return new double[] {sorted[0]};
    }
    double[] picked = new double[count];
    for (int k = 0; k < count; k++) {
      int rank = (int) Math.round((double) k * (sorted.length - 1) / (count - 1));
      picked[k] = sorted[rank];
    }
    return Arrays.stream(picked).distinct().toArray();
  }
}
