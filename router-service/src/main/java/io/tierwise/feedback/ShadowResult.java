package io.tierwise.feedback;

import java.util.Objects;

/**
 * A shadow evaluation: the top tier answered a request that a cheaper tier served, and a comparator
 * graded both answers.
 *
 * @param decisionId the decision whose request was shadowed
 * @param servedTier the cheaper tier that answered the user
 * @param servedModel the model it stands for
 * @param servedQuality the comparator's grade of the served answer in [0, 1]
 * @param topTier the top tier that answered in the background
 * @param topModel the model it stands for
 * @param topQuality the comparator's grade of the top tier's answer in [0, 1] (1 for a reference
 *     comparator, which takes the top answer as correct)
 * @param topCostUsd what the background top-tier call cost
 * @param judgeCostUsd what grading cost (0 for exact matching)
 * @param comparator the comparator's name, e.g. {@code normalised} or {@code judge}
 */
public record ShadowResult(
    String decisionId,
    String servedTier,
    String servedModel,
    double servedQuality,
    String topTier,
    String topModel,
    double topQuality,
    double topCostUsd,
    double judgeCostUsd,
    String comparator) {

  public ShadowResult {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(servedTier, "servedTier");
    Objects.requireNonNull(servedModel, "servedModel");
    Objects.requireNonNull(topTier, "topTier");
    Objects.requireNonNull(topModel, "topModel");
    Objects.requireNonNull(comparator, "comparator");
    requireUnit("servedQuality", servedQuality);
    requireUnit("topQuality", topQuality);
    if (!(topCostUsd >= 0.0) || !(judgeCostUsd >= 0.0)) {
      throw new IllegalArgumentException(
          "costs must be >= 0, got top=" + topCostUsd + " judge=" + judgeCostUsd);
    }
  }

  private static void requireUnit(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got: " + value);
    }
  }
}
