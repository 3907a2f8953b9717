package io.tierwise.artifact;

import io.tierwise.policy.ScoredPrompts;
import java.util.List;
import java.util.Objects;

/**
 * The router's held-out view of its validation prompts, kept in the artifact so that any operating
 * target a tenant asks for can be calibrated at serving time without the training data.
 *
 * @param tiers tier names, cheapest first
 * @param probability predicted success per prompt and tier
 * @param estimatedCostUsd estimated cost per prompt and tier
 * @param quality observed quality per prompt and tier (the prediction where a tier was not
 *     labelled)
 * @param trueCostUsd observed cost per prompt and tier (the estimate where unknown)
 */
public record ValidationScores(
    List<String> tiers,
    double[][] probability,
    double[][] estimatedCostUsd,
    double[][] quality,
    double[][] trueCostUsd) {

  public ValidationScores {
    tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    Objects.requireNonNull(probability, "probability");
    Objects.requireNonNull(estimatedCostUsd, "estimatedCostUsd");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(trueCostUsd, "trueCostUsd");
  }

  /** The scores as the policy package's input, validated there. */
  public ScoredPrompts toScored() {
    return ScoredPrompts.of(tiers, probability, estimatedCostUsd, quality, trueCostUsd);
  }
}
