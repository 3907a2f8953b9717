package io.tierwise.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.ScoredPrompts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteLlmMetricsTest {

  private static final SingleTierResult WEAK = new SingleTierResult("weak", 1, 0.5);
  private static final SingleTierResult STRONG = new SingleTierResult("strong", 10, 1.0);

  private static CurvePoint atStrongShare(double x, double quality) {
    return new CurvePoint(1 + 9 * x, quality, Map.of("weak", 1 - x, "strong", x));
  }

  @Test
  void randomRouterRecoversHalfTheGapByDefinition() {
    List<CurvePoint> random = RandomMixtureBaseline.of(List.of(WEAK, STRONG));
    RouteLlmMetrics m = RouteLlmMetrics.of(random, WEAK, STRONG);
    assertEquals(0.5, m.apgr(), 1e-12);
    assertEquals(0.5, m.cpt50(), 1e-12);
    assertEquals(0.8, m.cpt80(), 1e-12);
    assertEquals(List.of(0.0, 1.0), m.pgr());

    RouteLlmMetrics sampled =
        RouteLlmMetrics.of(
            List.of(atStrongShare(0.3, 0.65), atStrongShare(0.7, 0.85)), WEAK, STRONG);
    assertEquals(0.5, sampled.apgr(), 1e-12);
    assertEquals(0.3, sampled.pgr().get(0), 1e-12);
  }

  /**
   * Four prompts, the weak tier right on two; a perfect scorer sends the two it gets wrong to the
   * strong tier first. Curve (x, PGR): (0, 0), (0.25, 0.5), (0.5, 1), (0.75, 1), (1, 1). APGR =
   * 0.25 * 0.5 / 2 + 0.25 * 1.5 / 2 + 0.5 * 1 = 0.75; CPT50 = 0.25; CPT80 = 0.25 + 0.3 / 0.5 * 0.25
   * = 0.4.
   */
  @Test
  void perfectRouterOnFourPrompts() {
    double[][] p = {{0.9, 0.5}, {0.8, 0.5}, {0.2, 0.5}, {0.1, 0.5}};
    double[][] q = {{1, 1}, {1, 1}, {0, 1}, {0, 1}};
    double[][] c = {{1, 10}, {1, 10}, {1, 10}, {1, 10}};
    ScoredPrompts data = ScoredPrompts.of(List.of("weak", "strong"), p, c, q, c);
    OperatingCurve curve = OperatingCurve.sweep(new PolicyFamily.UniformThreshold(2), data, 201);
    List<SingleTierResult> singles = SingleTierResult.allOf(data);
    RouteLlmMetrics m = RouteLlmMetrics.of(curve.points(), singles.get(0), singles.get(1));
    assertEquals(0.75, m.apgr(), 1e-12);
    assertEquals(0.25, m.cpt50(), 1e-12);
    assertEquals(0.4, m.cpt80(), 1e-12);
    assertEquals(List.of(0.0, 0.5, 1.0, 1.0, 1.0), m.pgr());
  }

  /**
   * A curve that rises, dips and rises: (0, 0), (0.2, 0.6), (0.4, 0.3), (0.6, 0.9), (1, 1) in PGR.
   * CPT50 = 0.2 * 0.5 / 0.6; CPT80 is on the last rise: 0.4 + (0.8 - 0.3) / 0.6 * 0.2.
   */
  @Test
  void callsToReachTakeTheFirstCrossing() {
    List<CurvePoint> curve =
        List.of(atStrongShare(0.4, 0.65), atStrongShare(0.2, 0.8), atStrongShare(0.6, 0.95));
    RouteLlmMetrics m = RouteLlmMetrics.of(curve, WEAK, STRONG);
    assertEquals(0.2 * 0.5 / 0.6, m.cpt50(), 1e-12);
    assertEquals(0.4 + 0.5 / 0.6 * 0.2, m.cpt80(), 1e-12);
    // Trapezoids of PGR: 0.2*0.3 + 0.2*0.45 + 0.2*0.6 + 0.4*0.95.
    assertEquals(0.06 + 0.09 + 0.12 + 0.38, m.apgr(), 1e-12);
    assertEquals(
        List.of(0.3, 0.6, 0.9), m.pgr().stream().map(v -> Math.round(v * 1e9) / 1e9).toList());
  }

  @Test
  void undefinedWhenTheStrongTierIsNoBetter() {
    var worse = new SingleTierResult("strong", 10, 0.4);
    RouteLlmMetrics m = RouteLlmMetrics.of(List.of(atStrongShare(0.5, 0.45)), WEAK, worse);
    assertTrue(Double.isNaN(m.apgr()));
    assertTrue(Double.isNaN(m.cpt50()));
    assertTrue(Double.isNaN(m.pgr().get(0)));
  }
}
