package io.tierwise.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.ScoredPrompts;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticPerTaskBaselineTest {

  private static final List<String> TIERS = List.of("weak", "strong");

  /** Task "easy": the weak tier is always right; task "hard": only the strong one is. */
  private static ScoredPrompts split(double[][] q) {
    double[][] c = new double[q.length][];
    double[][] p = new double[q.length][];
    for (int i = 0; i < q.length; i++) {
      c[i] = new double[] {0.001, 0.01};
      // The router's own view is useless: the baseline must not depend on it.
      p[i] = new double[] {0.5, 0.5};
    }
    return ScoredPrompts.of(TIERS, p, c, q, c);
  }

  @Test
  void isPerfectWhenTheTaskDecidesEverything() {
    ScoredPrompts train = split(new double[][] {{1, 1}, {0, 1}, {1, 1}, {0, 1}, {0, 1}});
    List<String> trainTasks = List.of("easy", "hard", "easy", "hard", "hard");
    ScoredPrompts test = split(new double[][] {{0, 1}, {1, 1}, {1, 1}, {0, 1}});
    List<String> testTasks = List.of("hard", "easy", "easy", "hard");

    StaticPerTaskBaseline baseline = StaticPerTaskBaseline.fit(train, trainTasks);
    assertArrayEquals(new double[] {1, 1}, baseline.meanQuality("easy"));
    assertArrayEquals(new double[] {0, 1}, baseline.meanQuality("hard"));

    CurvePoint oracle = OracleBaseline.of(test);
    for (PolicyFamily family :
        List.of(new PolicyFamily.UniformThreshold(2), new PolicyFamily.Utility())) {
      OperatingCurve curve = baseline.curve(family, test, testTasks, 51);
      assertTrue(
          curve.points().stream()
              .anyMatch(p -> p.quality() == 1.0 && Math.abs(p.cost() - oracle.cost()) < 1e-15),
          family + " never reaches the oracle point " + oracle + ": " + curve.points());
    }
  }

  @Test
  void unseenTasksGetTheGlobalMeans() {
    ScoredPrompts train = split(new double[][] {{1, 1}, {0, 1}, {0, 0}, {1, 1}});
    StaticPerTaskBaseline baseline = StaticPerTaskBaseline.fit(train, List.of("a", "b", "b", "a"));
    assertArrayEquals(new double[] {0.5, 0.75}, baseline.meanQuality("never-seen"));
    assertArrayEquals(new double[] {0.001, 0.01}, baseline.meanCostUsd("never-seen"), 1e-15);
    ScoredPrompts view = baseline.applyTo(split(new double[][] {{1, 1}}), List.of("never-seen"));
    assertArrayEquals(new double[] {0.5, 0.75}, view.probability()[0]);
    assertEquals(1.0, view.quality(0, 0));
  }

  @Test
  void rejectsMislabelledInputs() {
    ScoredPrompts train = split(new double[][] {{1, 1}, {0, 1}});
    assertThrows(
        IllegalArgumentException.class, () -> StaticPerTaskBaseline.fit(train, List.of("a")));
    StaticPerTaskBaseline baseline = StaticPerTaskBaseline.fit(train, List.of("a", "b"));
    assertThrows(
        IllegalArgumentException.class, () -> baseline.applyTo(train, List.of("a", "b", "c")));
  }
}
