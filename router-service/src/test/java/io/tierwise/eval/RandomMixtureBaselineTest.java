package io.tierwise.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RandomMixtureBaselineTest {

  @Test
  void twoTiersGiveTheLineFromWeakToStrong() {
    List<CurvePoint> random =
        RandomMixtureBaseline.of(
            List.of(new SingleTierResult("weak", 1, 0.5), new SingleTierResult("strong", 10, 0.9)));
    assertEquals(2, random.size());
    assertEquals(1.0, random.get(0).share("weak"));
    assertEquals(0.9, random.get(1).quality());
    assertEquals(1.0, random.get(1).share("strong"));
  }

  @Test
  void keepsOnlyTiersOnTheRisingFrontier() {
    List<SingleTierResult> tiers =
        List.of(
            new SingleTierResult("a", 1, 0.5),
            new SingleTierResult(
                "b", 2, 0.55), // below the line from a to c: mixing a and c beats it
            new SingleTierResult("c", 3, 0.8),
            new SingleTierResult("d", 4, 0.9),
            new SingleTierResult("e", 5, 0.7)); // dearer than d and worse
    List<CurvePoint> random = RandomMixtureBaseline.of(tiers);
    assertEquals(
        List.of("a", "c", "d"),
        random.stream()
            .map(
                p ->
                    p.tierShares().entrySet().stream()
                        .filter(e -> e.getValue() == 1.0)
                        .findFirst()
                        .orElseThrow()
                        .getKey())
            .toList());
  }

  @Test
  void aiqOfTheRandomBaselineIsItsFrontierArea() {
    List<SingleTierResult> tiers =
        List.of(
            new SingleTierResult("a", 1, 0.5),
            new SingleTierResult("b", 2, 0.8),
            new SingleTierResult("c", 3, 0.7));
    // Frontier (0, 0.5), (0.5, 0.8), then flat: 0.5 * 1.3 / 2 + 0.5 * 0.8 = 0.725.
    assertEquals(0.725, RoutingMetrics.aiq(RandomMixtureBaseline.of(tiers), tiers), 1e-12);
  }
}
