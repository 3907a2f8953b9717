package io.tierwise.eval;

import io.tierwise.policy.ScoredPrompts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One operating point on a cost-quality plane: what routing a whole split one way costs and
 * achieves.
 *
 * @param cost mean true cost per prompt, in USD
 * @param quality mean true quality, in [0, 1]
 * @param tierShares per tier name (tier order), the fraction of prompts routed there; sums to 1
 */
public record CurvePoint(double cost, double quality, Map<String, Double> tierShares) {

  public CurvePoint {
    if (!(cost >= 0.0) || Double.isInfinite(cost)) {
      throw new IllegalArgumentException("cost must be finite and >= 0, got: " + cost);
    }
    if (!(quality >= 0.0 && quality <= 1.0)) {
      throw new IllegalArgumentException("quality must be in [0, 1], got: " + quality);
    }
    Objects.requireNonNull(tierShares, "tierShares");
    for (Map.Entry<String, Double> share : tierShares.entrySet()) {
      double v = Objects.requireNonNull(share.getValue(), () -> "share of " + share.getKey());
      if (!(v >= 0.0 && v <= 1.0)) {
        throw new IllegalArgumentException(
            "share of tier '" + share.getKey() + "' must be in [0, 1], got: " + v);
      }
    }
    tierShares = Collections.unmodifiableMap(new LinkedHashMap<>(tierShares));
  }

  /**
   * The point reached when prompt {@code i} of {@code data} goes to tier {@code chosen[i]}.
   *
   * @throws IllegalArgumentException if {@code chosen} does not have one valid tier per prompt
   */
  public static CurvePoint of(ScoredPrompts data, int[] chosen) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(chosen, "chosen");
    if (chosen.length != data.prompts()) {
      throw new IllegalArgumentException(
          "need one choice per prompt (" + data.prompts() + "), got: " + chosen.length);
    }
    int[] counts = new int[data.tiers()];
    double cost = 0.0;
    double quality = 0.0;
    for (int i = 0; i < chosen.length; i++) {
      int t = chosen[i];
      if (t < 0 || t >= data.tiers()) {
        throw new IllegalArgumentException("choice of prompt " + i + " is not a tier: " + t);
      }
      counts[t]++;
      cost += data.trueCostUsd(i, t);
      quality += data.quality(i, t);
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int t = 0; t < counts.length; t++) {
      shares.put(data.tierNames().get(t), (double) counts[t] / chosen.length);
    }
    return new CurvePoint(cost / chosen.length, quality / chosen.length, shares);
  }

  /** The share of {@code tier}, 0 when it has none. */
  public double share(String tier) {
    return tierShares.getOrDefault(tier, 0.0);
  }
}
