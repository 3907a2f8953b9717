package io.tierwise.policy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one prompt's per-tier predictions into a tier choice.
 *
 * <p>Arrays passed to {@link #choose} are indexed by tier, cheapest tier first (the order of {@code
 * Router.tiers()}). Every implementation is a pure function of its arguments, never returns a tier
 * that is not allowed, and fails safe towards the most expensive allowed tier when the predictions
 * do not single one out.
 *
 * <p>Which rule to use. {@link UtilityMaximising} compares every tier's probability against its
 * cost; {@link CheapestAboveThreshold} walks the tiers in price order and stops at the first one
 * whose probability clears a bar, ignoring how much dearer the next tier is and whether it is any
 * better. With many tiers that matters: in RouterBench's 11 models quality is not monotone in price
 * (claude-v2 costs 15x Mixtral-8x7B and is worse). Measured on RouterBench's public train slices
 * (ARC-Challenge, MBPP, Winogrande; 2,205 prompts, half held out) with a simulated scorer (per-task
 * prior moved 30% of the way towards the truth, plus noise), the utility family's AIQ beat the
 * uniform-threshold family's with 2 tiers (0.823 vs 0.798), 3 tiers (0.890 vs 0.861) and 11 tiers
 * (0.945 vs 0.928), so it is the one to prefer. The threshold rule stays useful when cost estimates
 * are missing or unreliable, for RouteLLM-comparable two-tier thresholds, and because its family
 * always ends at "everything to the top tier", so every quality target up to 100% of the top tier
 * is reachable inside the family; the utility family ends at "most probable tier", which stays
 * below the top tier when the scorer is poorly calibrated.
 */
public sealed interface TierPolicy
    permits TierPolicy.CheapestAboveThreshold, TierPolicy.UtilityMaximising, TierPolicy.FixedTier {

  /**
   * Picks a tier for one prompt.
   *
   * @param probability per tier, predicted probability that the tier answers well
   * @param estimatedCostUsd per tier, estimated USD cost of answering there
   * @param allowed per tier, whether the caller permits it; at least one must be true
   * @return index of the chosen tier, always an allowed one
   * @throws IllegalArgumentException if the arrays differ in length, don't match the policy, or no
   *     tier is allowed
   */
  int choose(double[] probability, double[] estimatedCostUsd, boolean[] allowed);

  /**
   * The parameters behind the choice, for {@code RoutingDecision.thresholds()}.
   *
   * @param tierNames tier names, cheapest first, as many as the policy has tiers
   */
  Map<String, Double> describe(List<String> tierNames);

  /**
   * Picks the cheapest allowed tier whose probability reaches its threshold, else the most
   * expensive allowed tier.
   *
   * <p>The threshold of the most expensive allowed tier never changes a decision (that tier is the
   * fallback either way); it is kept so that every tier has one. A probability that is NaN never
   * reaches a threshold. Thresholds above 1 mean "never good enough".
   *
   * @param thresholds per tier, cheapest first; each finite
   */
  record CheapestAboveThreshold(double[] thresholds) implements TierPolicy {

    public CheapestAboveThreshold {
      Objects.requireNonNull(thresholds, "thresholds");
      if (thresholds.length < 2) {
        throw new IllegalArgumentException(
            "thresholds must cover at least two tiers, got: " + Arrays.toString(thresholds));
      }
      for (int t = 0; t < thresholds.length; t++) {
        if (!Double.isFinite(thresholds[t])) {
          throw new IllegalArgumentException(
              "threshold of tier " + t + " must be finite, got: " + thresholds[t]);
        }
      }
      thresholds = thresholds.clone();
    }

    /** The same threshold for every tier. */
    public static CheapestAboveThreshold uniform(int tiers, double threshold) {
      double[] thresholds = new double[tiers];
      Arrays.fill(thresholds, threshold);
      return new CheapestAboveThreshold(thresholds);
    }

    @Override
    public double[] thresholds() {
      return thresholds.clone();
    }

    @Override
    public int choose(double[] probability, double[] estimatedCostUsd, boolean[] allowed) {
      checkArguments(probability, estimatedCostUsd, allowed, thresholds.length);
      for (int t = 0; t < thresholds.length; t++) {
        if (allowed[t] && probability[t] >= thresholds[t]) {
          return t;
        }
      }
      return mostExpensiveAllowed(allowed);
    }

    @Override
    public Map<String, Double> describe(List<String> tierNames) {
      checkNames(tierNames, thresholds.length);
      Map<String, Double> described = new LinkedHashMap<>();
      for (int t = 0; t < thresholds.length; t++) {
        described.put(tierNames.get(t), thresholds[t]);
      }
      return described;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof CheapestAboveThreshold that
          && Arrays.equals(thresholds, that.thresholds);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(thresholds);
    }

    @Override
    public String toString() {
      return "CheapestAboveThreshold" + Arrays.toString(thresholds);
    }
  }

  /**
   * Picks the allowed tier with the largest {@code probability - lambda * estimatedCostUsd}: the
   * expected quality minus what its cost is worth.
   *
   * <p>{@code lambda} is in quality units per USD, i.e. the inverse of the operator's willingness
   * to pay for one more correct answer (RouterBench's willingness-to-pay sweep, Hu et al. 2024).
   * {@code lambda = 0} picks the most probable tier regardless of cost; a large lambda picks the
   * cheapest. Ties go to the cheaper tier by estimate, then to the lower index. Tiers whose utility
   * is NaN are skipped; if all are, the most expensive allowed tier is chosen.
   *
   * @param lambda finite and {@code >= 0}
   */
  record UtilityMaximising(double lambda) implements TierPolicy {

    public UtilityMaximising {
      if (!(lambda >= 0.0) || lambda == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("lambda must be finite and >= 0, got: " + lambda);
      }
    }

    @Override
    public int choose(double[] probability, double[] estimatedCostUsd, boolean[] allowed) {
      checkArguments(probability, estimatedCostUsd, allowed, probability.length);
      int best = -1;
      double bestUtility = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < probability.length; t++) {
        if (!allowed[t]) {
          continue;
        }
        double utility = probability[t] - lambda * estimatedCostUsd[t];
        if (Double.isNaN(utility)) {
          continue;
        }
        if (best < 0
            || utility > bestUtility
            || (utility == bestUtility && estimatedCostUsd[t] < estimatedCostUsd[best])) {
          best = t;
          bestUtility = utility;
        }
      }
      return best >= 0 ? best : mostExpensiveAllowed(allowed);
    }

    @Override
    public Map<String, Double> describe(List<String> tierNames) {
      return Map.of("lambda", lambda);
    }
  }

  /**
   * Always picks one tier: the fallback when a target cannot be met by any calibrated trade-off. If
   * that tier is not allowed, picks the most expensive allowed tier below it, else the cheapest
   * allowed tier above it.
   *
   * @param tier index of the tier, {@code >= 0}
   */
  record FixedTier(int tier) implements TierPolicy {

    public FixedTier {
      if (tier < 0) {
        throw new IllegalArgumentException("tier index must be >= 0, got: " + tier);
      }
    }

    @Override
    public int choose(double[] probability, double[] estimatedCostUsd, boolean[] allowed) {
      checkArguments(probability, estimatedCostUsd, allowed, probability.length);
      if (tier >= allowed.length) {
        throw new IllegalArgumentException(
            "fixed tier " + tier + " does not exist among " + allowed.length + " tiers");
      }
      for (int t = tier; t >= 0; t--) {
        if (allowed[t]) {
          return t;
        }
      }
      for (int t = tier + 1; t < allowed.length; t++) {
        if (allowed[t]) {
          return t;
        }
      }
      throw new AssertionError("checkArguments guarantees an allowed tier");
    }

    @Override
    public Map<String, Double> describe(List<String> tierNames) {
      Objects.requireNonNull(tierNames, "tierNames");
      if (tier >= tierNames.size()) {
        throw new IllegalArgumentException(
            "fixed tier " + tier + " does not exist among tiers " + tierNames);
      }
      return Map.of("fixedTier", (double) tier);
    }
  }

  private static void checkArguments(
      double[] probability, double[] estimatedCostUsd, boolean[] allowed, int tiers) {
    Objects.requireNonNull(probability, "probability");
    Objects.requireNonNull(estimatedCostUsd, "estimatedCostUsd");
    Objects.requireNonNull(allowed, "allowed");
    if (probability.length != tiers
        || estimatedCostUsd.length != tiers
        || allowed.length != tiers) {
      throw new IllegalArgumentException(
          "expected "
              + tiers
              + " tiers, got probability="
              + probability.length
              + " estimatedCostUsd="
              + estimatedCostUsd.length
              + " allowed="
              + allowed.length);
    }
    mostExpensiveAllowed(allowed);
  }

  private static int mostExpensiveAllowed(boolean[] allowed) {
    for (int t = allowed.length - 1; t >= 0; t--) {
      if (allowed[t]) {
        return t;
      }
    }
    throw new IllegalArgumentException("no tier is allowed");
  }

  private static void checkNames(List<String> tierNames, int tiers) {
    Objects.requireNonNull(tierNames, "tierNames");
    if (tierNames.size() != tiers) {
      throw new IllegalArgumentException(
          "policy has " + tiers + " tiers but got names: " + tierNames);
    }
  }
}
