package io.tierwise.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The router's answer for one prompt, with everything needed to explain and audit it.
 *
 * @param decisionId unique id, referenced later by feedback
 * @param tier chosen tier name
 * @param model model the chosen tier stands for
 * @param probabilities per tier (in tier order), predicted probability that the tier answers well
 * @param estimatedCostUsd per tier (in tier order), estimated USD cost of answering this prompt
 *     there
 * @param thresholds the policy parameters that produced the choice (per tier thresholds, or named
 *     parameters)
 * @param neighbours the nearest labelled prompts, most similar first
 * @param reasons human-readable reasons, first the deciding one
 * @param routerVersion version of the router artifact that decided
 * @param failSafe true when scoring failed and the router fell back to the safest tier
 */
public record RoutingDecision(
    String decisionId,
    String tier,
    String model,
    Map<String, Double> probabilities,
    Map<String, Double> estimatedCostUsd,
    Map<String, Double> thresholds,
    List<Neighbour> neighbours,
    List<String> reasons,
    String routerVersion,
    boolean failSafe) {

  public RoutingDecision {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(routerVersion, "routerVersion");
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    estimatedCostUsd = Collections.unmodifiableMap(new LinkedHashMap<>(estimatedCostUsd));
    thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
    neighbours = List.copyOf(neighbours);
    reasons = List.copyOf(reasons);
  }
}
