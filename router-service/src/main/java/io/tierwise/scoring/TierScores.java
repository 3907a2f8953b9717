package io.tierwise.scoring;

import io.tierwise.knn.MemoryNeighbour;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the scorer knows about one prompt before a policy decides: per tier (cheapest first) the
 * calibrated probability of a good answer and the estimated USD cost, plus the neighbours that
 * informed it.
 */
public record TierScores(
    double[] probability, double[] estimatedCostUsd, List<MemoryNeighbour> neighbours) {

  public TierScores {
    Objects.requireNonNull(probability, "probability");
    Objects.requireNonNull(estimatedCostUsd, "estimatedCostUsd");
    if (probability.length != estimatedCostUsd.length) {
      throw new IllegalArgumentException(
          "one probability and one cost per tier expected, got "
              + probability.length
              + " and "
              + estimatedCostUsd.length);
    }
    probability = probability.clone();
    estimatedCostUsd = estimatedCostUsd.clone();
    neighbours = List.copyOf(neighbours);
  }

  @Override
  public double[] probability() {
    return probability.clone();
  }

  @Override
  public double[] estimatedCostUsd() {
    return estimatedCostUsd.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TierScores that
        && Arrays.equals(probability, that.probability)
        && Arrays.equals(estimatedCostUsd, that.estimatedCostUsd)
        && neighbours.equals(that.neighbours);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(probability), Arrays.hashCode(estimatedCostUsd), neighbours);
  }

  @Override
  public String toString() {
    return "TierScores[probability="
        + Arrays.toString(probability)
        + ", estimatedCostUsd="
        + Arrays.toString(estimatedCostUsd)
        + ", neighbours="
        + neighbours.size()
        + "]";
  }
}
