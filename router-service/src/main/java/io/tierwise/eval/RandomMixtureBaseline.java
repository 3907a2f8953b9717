package io.tierwise.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The best a router without any per-prompt signal can do: send each prompt to a tier drawn at
 * random with fixed probabilities. Mixing tiers moves along straight lines between single-tier
 * points, so the reachable curve is the non-decreasing concave frontier of the single tiers; for
 * two tiers it is RouteLLM's random router, the line from weak to strong.
 */
public final class RandomMixtureBaseline {

  private RandomMixtureBaseline() {}

  /**
   * The frontier's vertices from the cheapest tier to the best-quality tier, cheapest first. Each
   * vertex is a single tier (share 1); points between two vertices are reached by mixing them.
   * Tiers below the frontier or costlier than the best tier are left out: a mixture never uses
   * them.
   */
  public static List<CurvePoint> of(List<SingleTierResult> tiers) {
    Objects.requireNonNull(tiers, "tiers");
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("no single-tier results");
    }
    List<double[]> points = new ArrayList<>();
    for (SingleTierResult r : tiers) {
      points.add(new double[] {r.cost(), r.quality()});
    }
    CostQualityFrontier frontier = CostQualityFrontier.of(points);
    double[] costs = frontier.costs();
    double[] qualities = frontier.qualities();
    List<CurvePoint> vertices = new ArrayList<>();
    for (int k = 0; k < frontier.risingVertices(); k++) {
      SingleTierResult tier = tierAt(tiers, costs[k], qualities[k]);
      Map<String, Double> shares = new LinkedHashMap<>();
      for (SingleTierResult r : tiers) {
        shares.put(r.tier(), r == tier ? 1.0 : 0.0);
      }
      vertices.add(new CurvePoint(tier.cost(), tier.quality(), shares));
    }
    return List.copyOf(vertices);
  }

  /** The tier at a rising frontier vertex; vertices there are always original points. */
  private static SingleTierResult tierAt(
      List<SingleTierResult> tiers, double cost, double quality) {
    for (SingleTierResult r : tiers) {
      if (r.cost() == cost && r.quality() == quality) {
        return r;
      }
    }
    throw new AssertionError("frontier vertex (" + cost + ", " + quality + ") is not a tier");
  }
}
