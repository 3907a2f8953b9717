package io.tierwise.policy;

import io.tierwise.routing.Target;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Chooses the operating point of a {@link PolicyFamily} that meets a {@link Target} on a validation
 * split.
 *
 * <p>Every grid parameter is scored on validation (true quality and true cost of the tiers it
 * picks), then:
 *
 * <ul>
 *   <li>{@link Target.Quality}{@code (f)}: the requirement is {@code f * Q_top}, where {@code
 *       Q_top} is the mean validation quality of the best single tier (the "top tier", usually the
 *       most expensive). The cheapest qualifying point is returned; if none qualifies, the top tier
 *       alone ({@link TierPolicy.FixedTier}).
 *   <li>{@link Target.CostBudget}{@code (B)}: the requirement is a mean cost per prompt of at most
 *       {@code B / 1000}. The best-quality qualifying point is returned (ties: the cheaper); if
 *       none qualifies, the cheapest single tier by mean validation cost.
 * </ul>
 *
 * <p>Small validation splits make single points noisy, so qualifying is conservative twice over:
 *
 * <ol>
 *   <li>Confidence margin. A point qualifies for a quality target when the one-sided lower bound
 *       {@code mean(d) - z * sd(d) / sqrt(n)} of the paired per-prompt differences {@code d_i =
 *       q_i(point) - f * q_i(top tier)} is {@code >= 0}; pairing on prompts cancels most of the
 *       shared noise, so the margin is much smaller than two independent error bars. For a budget,
 *       the upper bound {@code mean(c) + z * sd(c) / sqrt(n)} of per-prompt cost must be {@code <=
 *       B / 1000}. {@code z = 0} uses the point estimates; with one prompt the margin is zero.
 *   <li>Monotone envelope in spend order (grid order, least spending first). For quality, a point
 *       qualifies only if every point from it up to the best-scoring point also qualifies: a lucky
 *       cheap point whose slightly costlier neighbours miss the target is treated as noise. For a
 *       budget, a point qualifies only if every less-spending point also fits, so the chosen
 *       parameter lies below the first budget crossing.
 * </ol>
 *
 * <p>Both rules only remove points, so a returned family point always meets the target with its
 * plain validation means as well.
 *
 * @param family the family whose parameter is calibrated
 * @param gridSize how many parameters to try, at least 2
 * @param confidenceZ the one-sided normal quantile of the margin, finite and {@code >= 0}
 */
public record TargetCalibration(PolicyFamily family, int gridSize, double confidenceZ) {

  /** Enough grid points that neighbouring points differ by about 0.5% of prompts. */
  public static final int DEFAULT_GRID_SIZE = 201;

  /**
   * About 84% one-sided confidence: on a few hundred validation prompts this costs a few tenths of
   * a point of quality, and it stops a 50-prompt split from certifying a point by luck.
   */
  public static final double DEFAULT_CONFIDENCE_Z = 1.0;

  public TargetCalibration {
    Objects.requireNonNull(family, "family");
    if (gridSize < 2) {
      throw new IllegalArgumentException("gridSize must be at least 2, got: " + gridSize);
    }
    if (!(confidenceZ >= 0.0) || Double.isInfinite(confidenceZ)) {
      throw new IllegalArgumentException(
          "confidenceZ must be finite and >= 0, got: " + confidenceZ);
    }
  }

  /** Calibration of {@code family} with the default grid size and confidence margin. */
  public static TargetCalibration of(PolicyFamily family) {
    return new TargetCalibration(family, DEFAULT_GRID_SIZE, DEFAULT_CONFIDENCE_Z);
  }

  /**
   * Picks the operating point for {@code target}.
   *
   * <p>{@code TargetCalibration.of(new PolicyFamily.Utility()).calibrate(validation, new
   * Target.Quality(0.95))}
   */
  public CalibratedPolicy calibrate(ScoredPrompts validation, Target target) {
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(target, "target");
    double[] grid = family.grid(validation, gridSize);
    double[][] quality = new double[grid.length][];
    double[][] cost = new double[grid.length][];
    for (int k = 0; k < grid.length; k++) {
      int[] chosen = validation.choices(family.policyAt(grid[k]));
      quality[k] = new double[chosen.length];
      cost[k] = new double[chosen.length];
      for (int i = 0; i < chosen.length; i++) {
        quality[k][i] = validation.quality(i, chosen[i]);
        cost[k][i] = validation.trueCostUsd(i, chosen[i]);
      }
    }
    return switch (target) {
      case Target.Quality q -> forQuality(validation, q, grid, quality, cost);
      case Target.CostBudget b -> forBudget(validation, b, grid, quality, cost);
    };
  }

  private CalibratedPolicy forQuality(
      ScoredPrompts validation,
      Target.Quality target,
      double[] grid,
      double[][] quality,
      double[][] cost) {
    double f = target.fractionOfTopTier();
    int top = bestTier(validation);
    double[] topQuality = column(validation, top, true);
    double required = f * mean(topQuality);

    // Lower confidence bound of mean(q_point - f * q_top), per grid point.
    double[] score = new double[grid.length];
    for (int k = 0; k < grid.length; k++) {
      double[] difference = new double[topQuality.length];
      for (int i = 0; i < difference.length; i++) {
        difference[i] = quality[k][i] - f * topQuality[i];
      }
      score[k] = mean(difference) - confidenceZ * standardError(difference);
    }
    int peak = 0;
    for (int k = 1; k < grid.length; k++) {
      if (score[k] > score[peak]) {
        peak = k;
      }
    }
    if (score[peak] >= 0.0) {
      int from = peak;
      while (from > 0 && score[from - 1] >= 0.0) {
        from--;
      }
      int best = from;
      for (int k = from + 1; k <= peak; k++) {
        if (mean(cost[k]) < mean(cost[best])) {
          best = k;
        }
      }
      return new CalibratedPolicy(
          family.policyAt(grid[best]),
          OptionalDouble.of(grid[best]),
          target,
          true,
          mean(cost[best]),
          mean(quality[best]),
          String.format(
              Locale.ROOT,
              "%s=%.6g is the cheapest of %d tried points whose validation quality %.4f meets"
                  + " %.4f = %.3f x top tier '%s' (%.4f) at z=%.2f, at $%.4f per 1k",
              family.parameterName(),
              grid[best],
              grid.length,
              mean(quality[best]),
              required,
              f,
              validation.tierNames().get(top),
              mean(topQuality),
              confidenceZ,
              mean(cost[best]) * 1000.0));
    }
    double[] difference = new double[topQuality.length];
    for (int i = 0; i < difference.length; i++) {
      difference[i] = (1.0 - f) * topQuality[i];
    }
    boolean reachable = mean(difference) - confidenceZ * standardError(difference) >= 0.0;
    double topCost = mean(column(validation, top, false));
    return new CalibratedPolicy(
        new TierPolicy.FixedTier(top),
        OptionalDouble.empty(),
        target,
        reachable,
        topCost,
        mean(topQuality),
        String.format(
            Locale.ROOT,
            "no %s point reached validation quality %.4f = %.3f x top tier at z=%.2f (best point:"
                + " %.4f); routing everything to top tier '%s' (%.4f at $%.4f per 1k)%s",
            family.parameterName(),
            required,
            f,
            confidenceZ,
            mean(quality[peak]),
            validation.tierNames().get(top),
            mean(topQuality),
            topCost * 1000.0,
            reachable ? "" : ", which misses the target too"));
  }

  private CalibratedPolicy forBudget(
      ScoredPrompts validation,
      Target.CostBudget target,
      double[] grid,
      double[][] quality,
      double[][] cost) {
    double budget = target.maxUsdPer1k() / 1000.0;
    int fitting = 0;
    while (fitting < grid.length && upperBound(cost[fitting]) <= budget) {
      fitting++;
    }
    if (fitting > 0) {
      int best = 0;
      for (int k = 1; k < fitting; k++) {
        double q = mean(quality[k]);
        double bestQ = mean(quality[best]);
        if (q > bestQ || (q == bestQ && mean(cost[k]) < mean(cost[best]))) {
          best = k;
        }
      }
      return new CalibratedPolicy(
          family.policyAt(grid[best]),
          OptionalDouble.of(grid[best]),
          target,
          true,
          mean(cost[best]),
          mean(quality[best]),
          String.format(
              Locale.ROOT,
              "%s=%.6g has the best validation quality (%.4f) of the %d least-spending of %d tried"
                  + " points that stay within $%.4f per 1k at z=%.2f; it spends $%.4f per 1k",
              family.parameterName(),
              grid[best],
              mean(quality[best]),
              fitting,
              grid.length,
              target.maxUsdPer1k(),
              confidenceZ,
              mean(cost[best]) * 1000.0));
    }
    int cheapest = cheapestTier(validation);
    double[] cheapestCost = column(validation, cheapest, false);
    boolean reachable = upperBound(cheapestCost) <= budget;
    return new CalibratedPolicy(
        new TierPolicy.FixedTier(cheapest),
        OptionalDouble.empty(),
        target,
        reachable,
        mean(cheapestCost),
        mean(column(validation, cheapest, true)),
        String.format(
            Locale.ROOT,
            "even the least-spending %s point costs $%.4f per 1k on validation, over the budget of"
                + " $%.4f at z=%.2f; routing everything to the cheapest tier '%s' ($%.4f per 1k)%s",
            family.parameterName(),
            mean(cost[0]) * 1000.0,
            target.maxUsdPer1k(),
            confidenceZ,
            validation.tierNames().get(cheapest),
            mean(cheapestCost) * 1000.0,
            reachable ? "" : ", which is over budget too"));
  }

  private double upperBound(double[] values) {
    return mean(values) + confidenceZ * standardError(values);
  }

  /** The tier with the best mean validation quality; ties go to the cheaper (lower) index. */
  static int bestTier(ScoredPrompts data) {
    int best = 0;
    double bestQuality = mean(column(data, 0, true));
    for (int t = 1; t < data.tiers(); t++) {
      double q = mean(column(data, t, true));
      if (q > bestQuality) {
        best = t;
        bestQuality = q;
      }
    }
    return best;
  }

  /** The tier with the lowest mean validation cost; ties go to the lower index. */
  static int cheapestTier(ScoredPrompts data) {
    int cheapest = 0;
    double cheapestCost = mean(column(data, 0, false));
    for (int t = 1; t < data.tiers(); t++) {
      double c = mean(column(data, t, false));
      if (c < cheapestCost) {
        cheapest = t;
        cheapestCost = c;
      }
    }
    return cheapest;
  }

  private static double[] column(ScoredPrompts data, int tier, boolean quality) {
    double[] values = new double[data.prompts()];
    for (int i = 0; i < values.length; i++) {
      values[i] = quality ? data.quality(i, tier) : data.trueCostUsd(i, tier);
    }
    return values;
  }

  private static double mean(double[] values) {
    double sum = 0.0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Sample standard deviation over sqrt(n); zero for a single value. */
  private static double standardError(double[] values) {
    int n = values.length;
    if (n < 2) {
      return 0.0;
    }
    double mean = mean(values);
    double squares = 0.0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / (n - 1) / n);
  }
}
