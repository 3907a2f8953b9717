package io.tierwise.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How good a router's cost-quality curve is, relative to the single tiers of the same split.
 *
 * <p><b>AIQ</b> (average improvement in quality, RouterBench: Hu et al., 2024, "RouterBench: A
 * Benchmark for Multi-LLM Routing System", §3): with {@code c_min} and {@code c_max} the lowest and
 * highest single-tier mean cost, each point's cost is normalised to {@code x = (cost - c_min) /
 * (c_max - c_min)}. The curve's points plus the single-tier points at {@code c_min} and {@code
 * c_max} (any router reaches these by its extreme settings) form a set whose upper concave hull is
 * what randomly mixing operating points achieves; RouterBench then makes it non-decreasing (beyond
 * the hull's highest point quality stays flat). AIQ is the area under that frontier over {@code x}
 * in [0, 1], computed by the trapezoid rule over the frontier's vertices (exact, the frontier being
 * piecewise linear). Points cheaper than {@code c_min} or costlier than {@code c_max} still shape
 * the hull inside [0, 1]. A curve on the straight line between the two end tiers scores the mean of
 * their qualities. NaN when all tiers cost the same. This follows the paper's normalisation {@code
 * 1/(c_max - c_min)}; RouterBench's script ({@code calc_AIQ}) instead divides the area from the
 * hull's first point by the largest cost, which for a hull starting at {@code c_min} is this value
 * times {@code (c_max - c_min) / c_max}.
 *
 * <p><b>Cost to match the best tier</b>: the lowest mean cost among the curve's own points (not
 * hull mixtures, so every reported cost is a real operating point) whose quality is at least the
 * best single tier's quality (within 1e-12), and likewise for 97% of it; also given as a fraction
 * of the best tier's own cost. NaN when no point gets there.
 *
 * @param bestSingleTier name of the best-quality single tier (ties: the cheaper)
 * @param aiq area under the non-decreasing hull over normalised cost, see above
 * @param costToMatchBestUsd mean cost per prompt at which the curve first matches the best tier
 * @param costToMatchBestFraction {@code costToMatchBestUsd} over the best tier's cost
 * @param costToReach97Usd mean cost per prompt at which the curve first reaches 97% of it
 * @param costToReach97Fraction {@code costToReach97Usd} over the best tier's cost
 * @param routeLlm RouteLLM's metrics, present exactly when there are two tiers
 */
public record RoutingMetrics(
    String bestSingleTier,
    double aiq,
    double costToMatchBestUsd,
    double costToMatchBestFraction,
    double costToReach97Usd,
    double costToReach97Fraction,
    Optional<RouteLlmMetrics> routeLlm) {

  /** Quality comparisons absorb this much floating-point noise from summing. */
  static final double QUALITY_TOLERANCE = 1e-12;

  public RoutingMetrics {
    Objects.requireNonNull(bestSingleTier, "bestSingleTier");
    Objects.requireNonNull(routeLlm, "routeLlm");
  }

  /**
   * The metrics of {@code curve} against {@code tiers}.
   *
   * @param curve the operating points, any order
   * @param tiers the single-tier results of the same split, in tier order (cheapest first)
   */
  public static RoutingMetrics of(List<CurvePoint> curve, List<SingleTierResult> tiers) {
    Objects.requireNonNull(curve, "curve");
    Objects.requireNonNull(tiers, "tiers");
    if (curve.isEmpty()) {
      throw new IllegalArgumentException("curve has no points");
    }
    if (tiers.size() < 2) {
      throw new IllegalArgumentException("need at least two single tiers, got: " + tiers.size());
    }
    SingleTierResult best = SingleTierResult.best(tiers);
    double matchBest = cheapestReaching(curve, best.quality());
    double reach97 = cheapestReaching(curve, 0.97 * best.quality());
    return new RoutingMetrics(
        best.tier(),
        aiq(curve, tiers),
        matchBest,
        fraction(matchBest, best.cost()),
        reach97,
        fraction(reach97, best.cost()),
        tiers.size() == 2
            ? Optional.of(RouteLlmMetrics.of(curve, tiers.get(0), tiers.get(1)))
            : Optional.empty());
  }

  /** RouterBench's AIQ of {@code curve}; see the class documentation for the exact definition. */
  public static double aiq(List<CurvePoint> curve, List<SingleTierResult> tiers) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (SingleTierResult t : tiers) {
      min = Math.min(min, t.cost());
      max = Math.max(max, t.cost());
    }
    if (!(max > min)) {
      return Double.NaN;
    }
    List<double[]> points = new ArrayList<>();
    for (CurvePoint p : curve) {
      points.add(new double[] {(p.cost() - min) / (max - min), p.quality()});
    }
    for (SingleTierResult t : tiers) {
      if (t.cost() == min || t.cost() == max) {
        points.add(new double[] {(t.cost() - min) / (max - min), t.quality()});
      }
    }
    return CostQualityFrontier.of(points).area(0.0, 1.0);
  }

  /** Lowest cost among points whose quality reaches {@code target}; NaN if none does. */
  static double cheapestReaching(List<CurvePoint> curve, double target) {
    double cheapest = Double.NaN;
    for (CurvePoint p : curve) {
      if (p.quality() >= target - QUALITY_TOLERANCE && !(p.cost() >= cheapest)) {
        cheapest = p.cost();
      }
    }
    return cheapest;
  }

  private static double fraction(double cost, double reference) {
    return reference > 0.0 ? cost / reference : Double.NaN;
  }
}
