package io.tierwise.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.ScoredPrompts;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatingCurveTest {

  @Test
  void sweepsTheThresholdGridOverTrueQualityAndCost() {
    double[][] p = {{0.9, 0.9}, {0.7, 0.9}, {0.4, 0.9}, {0.2, 0.9}};
    double[][] q = {{1, 1}, {1, 1}, {0, 1}, {0, 0.5}};
    // The router's estimates are off; the curve reports true costs.
    double[][] estimate = {{1, 1}, {1, 1}, {1, 1}, {1, 1}};
    double[][] c = {{0.001, 0.01}, {0.001, 0.01}, {0.002, 0.02}, {0.002, 0.02}};
    ScoredPrompts data = ScoredPrompts.of(List.of("small", "large"), p, estimate, q, c);
    OperatingCurve curve = OperatingCurve.sweep(new PolicyFamily.UniformThreshold(2), data, 201);
    assertEquals("threshold", curve.parameterName());
    assertEquals(List.of(0.2, 0.4, 0.7, 0.9, Math.nextUp(0.9)), curve.parameters());
    double[] cost = {0.006 / 4, 0.024 / 4, 0.042 / 4, 0.051 / 4, 0.06 / 4};
    double[] quality = {0.5, 2.5 / 4, 3.5 / 4, 3.5 / 4, 3.5 / 4};
    double[] largeShare = {0, 0.25, 0.5, 0.75, 1};
    for (int k = 0; k < 5; k++) {
      CurvePoint point = curve.points().get(k);
      assertEquals(cost[k], point.cost(), 1e-15, "cost at " + k);
      assertEquals(quality[k], point.quality(), 1e-15, "quality at " + k);
      assertEquals(largeShare[k], point.share("large"), 1e-15, "share at " + k);
      assertEquals(1 - largeShare[k], point.share("small"), 1e-15, "share at " + k);
    }
  }
}
