package io.tierwise.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tierwise.artifact.RouterManifest;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HoldoutTest {

  private static List<LabelledPrompt> prompts(int n) {
    List<LabelledPrompt> prompts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      prompts.add(
          new LabelledPrompt("d" + i, "p" + i, "traffic", "t", Map.of("m", Outcome.ofQuality(1))));
    }
    return prompts;
  }

  @Test
  void holdsBackTheMostRecentOutcomes() {
    Holdout.Split split = new Holdout.Recent(3).split(prompts(10));
    assertEquals(7, split.train().size());
    assertEquals(
        List.of("d7", "d8", "d9"), split.heldOut().stream().map(LabelledPrompt::id).toList());
    Holdout.Split fraction = new Holdout.Fraction(0.25).split(prompts(10));
    assertEquals(
        List.of("d7", "d8", "d9"), fraction.heldOut().stream().map(LabelledPrompt::id).toList());
    assertEquals(5, new Holdout.Recent(50).split(prompts(5)).heldOut().size());
    assertThrows(IllegalArgumentException.class, () -> new Holdout.Fraction(1.0));
    assertThrows(IllegalArgumentException.class, () -> new Holdout.Recent(0));
  }

  @Test
  void comparisonUsesObservedOutcomesAndImputesTheRest() {
    double nan = Double.NaN;
    double[][] observedQuality = {{1, nan}, {nan, 0}, {0, 1}};
    double[][] observedCost = {{0.001, nan}, {nan, 0.01}, {0.001, 0.01}};
    double[][] imputedQuality = {{0.5, 0.9}, {0.4, 0.8}, {0.5, 0.9}};
    double[][] imputedCost = {{0.002, 0.02}, {0.002, 0.02}, {0.002, 0.02}};
    HoldoutComparison cheap =
        HoldoutComparison.of(
            new int[] {0, 0, 0},
            observedQuality,
            observedCost,
            imputedQuality,
            imputedCost,
            10.0,
            List.of("small", "large"));
    RouterManifest.HoldoutMetrics m = cheap.metrics();
    assertEquals((1 + 0.4 + 0) / 3.0, m.quality(), 1e-12);
    assertEquals((0.001 + 0.002 + 0.001) / 3.0 * 1000, m.costUsdPer1k(), 1e-9);
    assertEquals(2.0 / 3.0, m.observedShare(), 1e-12);
    assertEquals(1.0, m.tierShares().get("small"));
    assertEquals(1 - 10 * 0.001, cheap.utility()[0], 1e-12);
    assertEquals(0.4 - 10 * 0.002, cheap.utility()[1], 1e-12);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            HoldoutComparison.of(
                new int[] {2, 0, 0},
                observedQuality,
                observedCost,
                imputedQuality,
                imputedCost,
                1,
                List.of("small", "large")));
  }
}
