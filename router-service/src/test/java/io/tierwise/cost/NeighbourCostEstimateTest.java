package io.tierwise.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
    double[] expected = {(1.0 * 0.001 + w * 0.002) / (1.0 + w), (1.0 * 0.1 + 1.0 * 0.5) / 2.0};
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
}
