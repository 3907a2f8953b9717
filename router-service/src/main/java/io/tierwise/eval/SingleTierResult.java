package io.tierwise.eval;

import io.tierwise.policy.ScoredPrompts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What sending every prompt of a split to one tier costs and achieves: the reference points every
 * router is compared against.
 *
 * @param tier tier name
 * @param cost mean true cost per prompt, in USD
 * @param quality mean true quality, in [0, 1]
 */
public record SingleTierResult(String tier, double cost, double quality) {

  public SingleTierResult {
    Objects.requireNonNull(tier, "tier");
    if (!(cost >= 0.0) || Double.isInfinite(cost)) {
      throw new IllegalArgumentException(
          "cost of tier '" + tier + "' must be finite and >= 0, got: " + cost);
    }
    if (!(quality >= 0.0 && quality <= 1.0)) {
      throw new IllegalArgumentException(
          "quality of tier '" + tier + "' must be in [0, 1], got: " + quality);
    }
  }

  /** One result per tier of {@code data}, in tier order. */
  public static List<SingleTierResult> allOf(ScoredPrompts data) {
    Objects.requireNonNull(data, "data");
    List<SingleTierResult> results = new ArrayList<>();
    for (int t = 0; t < data.tiers(); t++) {
      int[] chosen = new int[data.prompts()];
      Arrays.fill(chosen, t);
      CurvePoint point = CurvePoint.of(data, chosen);
      results.add(new SingleTierResult(data.tierNames().get(t), point.cost(), point.quality()));
    }
    return List.copyOf(results);
  }

  /**
   * The tier with the best quality; ties go to the cheaper one, then the earlier one.
   *
   * @throws IllegalArgumentException if {@code tiers} is empty
   */
  public static SingleTierResult best(List<SingleTierResult> tiers) {
    Objects.requireNonNull(tiers, "tiers");
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("no single-tier results");
    }
    SingleTierResult best = tiers.get(0);
    for (SingleTierResult r : tiers) {
      if (r.quality() > best.quality()
          || (r.quality() == best.quality() && r.cost() < best.cost())) {
        best = r;
      }
    }
    return best;
  }
}
