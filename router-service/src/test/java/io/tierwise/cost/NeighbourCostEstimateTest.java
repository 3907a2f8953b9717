package io.tierwise.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.data.Outcome;
import io.tierwise.knn.KnnFeatureSpec;
import io.tierwise.knn.MemoryNeighbour;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeighbourCostEstimateTest {

  private static final Tier CHEAP = new Tier("cheap", "c", 1.0, 1.0, TierKind.REMOTE);
  private static final Tier DEAR = new Tier("dear", "d", 10.0, 10.0, TierKind.REMOTE);
  private static final KnnFeatureSpec SPEC = new KnnFeatureSpec(10, List.of(0.5), 1.0, 0.2);

  private static MemoryNeighbour neighbour(
      String id, double similarity, Map<String, Outcome> outcomes) {
    return new MemoryNeighbour(id, "src", "task", similarity, outcomes);
  }

  @Test
  void shrinksNeighbourCostsTowardThePrior() {
    List<MemoryNeighbour> neighbours =
        List.of(
            // An exact duplicate (weight 1) that cost 0.5 on the dear tier and is unlabelled on the
            // cheap one.
            neighbour("a", 1.0, Map.of("d", new Outcome(1.0, 0.5, null, null))),
            // A far neighbour (weight exp(-2.5)) priced from its tokens: 1000 + 1000 tokens at
            // $1/1M = 0.002.
            neighbour("b", 0.5, Map.of("c", new Outcome(0.0, null, 1000L, 1000L))));
    double[] prior = {0.001, 0.1};
    double w = Math.exp(-2.5);
    double half = NeighbourCostEstimate.IMPUTED_WEIGHT;
    // "a" has no cheap-tier cost: its dear cost scaled by the price ratio (2/20) counts at half
    // weight; "b" likewise for the dear tier, from its tokens priced at $10/1M (0.02).
    double[] expected = {
      (1.0 * 0.001 + w * 0.002 + half * 0.05) / (1.0 + w + half),
      (1.0 * 0.1 + 1.0 * 0.5 + half * w * 0.02) / (2.0 + half * w)
    };
    assertArrayEquals(
        expected,
        NeighbourCostEstimate.estimate(neighbours, List.of(CHEAP, DEAR), prior, SPEC),
        1e-15);
  }

  @Test
  void noNeighboursMeansThePrior() {
    double[] prior = {0.001, 0.1};
    assertArrayEquals(
        prior, NeighbourCostEstimate.estimate(List.of(), List.of(CHEAP, DEAR), prior, SPEC));
  }

  @Test
  void aCheaperTierLabelledOnlyThroughItsNeighboursBetterTiersIsNotEstimatedDearer() {
    // The cheap tier's length-based prior is inflated (it was fitted on long answers only), and
    // every neighbour is labelled on the dear tier alone, with short, cheap answers.
    List<MemoryNeighbour> neighbours =
        List.of(
            neighbour("a", 0.95, Map.of("d", new Outcome(1.0, 0.0004, null, null))),
            neighbour("b", 0.9, Map.of("d", new Outcome(1.0, 0.0006, null, null))),
            neighbour("c", 0.9, Map.of("d", new Outcome(1.0, null, 30L, 10L))));
    double[] prior = {0.0005, 0.0005};
    double[] estimate =
        NeighbourCostEstimate.estimate(neighbours, List.of(CHEAP, DEAR), prior, SPEC);
    assertTrue(estimate[0] < estimate[1], java.util.Arrays.toString(estimate));
  }
}
