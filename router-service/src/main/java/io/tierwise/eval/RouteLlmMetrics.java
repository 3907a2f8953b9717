package io.tierwise.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * RouteLLM's two-tier metrics (Ong et al., 2024, "RouteLLM: Learning to Route LLMs with Preference
 * Data", §5; code {@code routellm/evals/evaluate.py}), for a weak (cheaper) and a strong tier.
 *
 * <p>Definitions, with {@code x} the fraction of calls routed to the strong tier (RouteLLM plots it
 * in percent; here it is in [0, 1]) and {@code W}, {@code S} the weak and strong tiers' mean
 * quality on the same split:
 *
 * <ul>
 *   <li>{@code PGR(point) = (quality - W) / (S - W)}: the share of the quality gap recovered.
 *   <li>{@code APGR}: the area under PGR against {@code x}. RouteLLM computes {@code (AUC - W*Δx) /
 *       (S*Δx - W*Δx)} with {@code AUC = np.trapz(accuracy, x)} over its sweep points sorted by
 *       {@code x}; that is the trapezoid integral of PGR divided by the swept range {@code Δx}. Its
 *       sweep (thresholds at the deciles of the router's scores, the last one strict) always
 *       contains the all-strong and all-weak points, so {@code Δx = 1}. Here the points are sorted
 *       by {@code x} (ties by quality), the endpoints {@code (0, W)} and {@code (1, S)} are added
 *       so {@code Δx = 1} for any sweep, and PGR is integrated by the trapezoid rule over [0, 1].
 *       The random router scores exactly 0.5.
 *   <li>{@code CPT(p)}: the calls to strong needed to reach quality {@code W + p (S - W)}. RouteLLM
 *       uses {@code np.interp(target, accuracies, x)}, which assumes accuracy rises with {@code x};
 *       here it is the smallest {@code x} at which the piecewise-linear curve through the sorted
 *       points (with the endpoints) reaches the target, which is the same number for a rising curve
 *       and well defined for any other.
 * </ul>
 *
 * <p>All three are NaN when the strong tier is not better than the weak one ({@code S <= W}).
 *
 * @param apgr average performance gap recovered
 * @param cpt50 fraction of calls to strong needed for 50% of the gap
 * @param cpt80 fraction of calls to strong needed for 80% of the gap
 * @param pgr PGR of each input point, in input order
 */
public record RouteLlmMetrics(double apgr, double cpt50, double cpt80, List<Double> pgr) {

  public RouteLlmMetrics {
    pgr = List.copyOf(pgr);
  }

  /**
   * The metrics of {@code points} between {@code weak} and {@code strong}; each point's {@code x}
   * is its share of {@code strong.tier()}.
   */
  public static RouteLlmMetrics of(
      List<CurvePoint> points, SingleTierResult weak, SingleTierResult strong) {
    Objects.requireNonNull(points, "points");
    Objects.requireNonNull(weak, "weak");
    Objects.requireNonNull(strong, "strong");
    double w = weak.quality();
    double s = strong.quality();
    List<Double> pgr = new ArrayList<>();
    for (CurvePoint p : points) {
      pgr.add(s > w ? (p.quality() - w) / (s - w) : Double.NaN);
    }
    if (!(s > w)) {
      return new RouteLlmMetrics(Double.NaN, Double.NaN, Double.NaN, pgr);
    }
    List<double[]> curve = new ArrayList<>();
    curve.add(new double[] {0.0, w});
    for (CurvePoint p : points) {
      curve.add(new double[] {p.share(strong.tier()), p.quality()});
    }
    curve.add(new double[] {1.0, s});
    curve.sort(Comparator.<double[]>comparingDouble(c -> c[0]).thenComparingDouble(c -> c[1]));
    return new RouteLlmMetrics(
        apgr(curve, w, s),
        callsToReach(curve, w + 0.5 * (s - w)),
        callsToReach(curve, w + 0.8 * (s - w)),
        pgr);
  }

  /** Trapezoid integral of PGR over the sorted curve, which spans exactly [0, 1]. */
  private static double apgr(List<double[]> curve, double w, double s) {
    double area = 0.0;
    for (int k = 1; k < curve.size(); k++) {
      double[] a = curve.get(k - 1);
      double[] b = curve.get(k);
      area += (b[0] - a[0]) * ((a[1] - w) + (b[1] - w)) / 2.0;
    }
    return area / (s - w);
  }

  /** Smallest x where the piecewise-linear curve reaches {@code target}; NaN if it never does. */
  private static double callsToReach(List<double[]> curve, double target) {
    if (curve.get(0)[1] >= target) {
      return curve.get(0)[0];
    }
    for (int k = 1; k < curve.size(); k++) {
      double[] a = curve.get(k - 1);
      double[] b = curve.get(k);
      if (b[1] >= target) {
        // a is below the target (else the loop would have stopped at it), so b[1] > a[1].
        return a[0] + (target - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
      }
    }
    return Double.NaN;
  }
}
