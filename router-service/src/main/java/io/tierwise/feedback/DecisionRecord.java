package io.tierwise.feedback;

import io.tierwise.routing.RoutingDecision;
import io.tierwise.tier.Tier;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One routing decision as the feedback store keeps it: enough to label it later and to turn it into
 * a training example.
 *
 * @param decisionId the decision's id, the key feedback refers to
 * @param decidedAt when the decision was made
 * @param tenant the tenant it was made for, if any
 * @param workflow the caller's workflow label, if any
 * @param origin the endpoint that made it
 * @param prompt the text the router scored (a conversation already flattened)
 * @param tier the chosen tier
 * @param model the model the chosen tier stands for
 * @param tierModels every tier's model, cheapest tier first (so the last is the top tier)
 * @param probabilities per tier, the predicted probability of a good answer
 * @param estimatedCostUsd per tier, the estimated USD cost
 * @param routerVersion the router artifact version that decided
 */
public record DecisionRecord(
    String decisionId,
    Instant decidedAt,
    Optional<String> tenant,
    Optional<String> workflow,
    DecisionOrigin origin,
    String prompt,
    String tier,
    String model,
    Map<String, String> tierModels,
    Map<String, Double> probabilities,
    Map<String, Double> estimatedCostUsd,
    String routerVersion) {

  public DecisionRecord {
    Objects.requireNonNull(decisionId, "decisionId");
    if (decisionId.isBlank()) {
      throw new IllegalArgumentException("decisionId must not be blank");
    }
    Objects.requireNonNull(decidedAt, "decidedAt");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(routerVersion, "routerVersion");
    tierModels = Collections.unmodifiableMap(new LinkedHashMap<>(tierModels));
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    estimatedCostUsd = Collections.unmodifiableMap(new LinkedHashMap<>(estimatedCostUsd));
    if (!tierModels.containsKey(tier)) {
      throw new IllegalArgumentException(
          "chosen tier '" + tier + "' is not among the tiers " + tierModels.keySet());
    }
  }

  /** The record of {@code decision}, made among {@code tiers} for {@code prompt}. */
  public static DecisionRecord of(
      RoutingDecision decision,
      List<Tier> tiers,
      String prompt,
      Optional<String> tenant,
      Optional<String> workflow,
      DecisionOrigin origin,
      Instant decidedAt) {
    Map<String, String> models = new LinkedHashMap<>();
    tiers.forEach(t -> models.put(t.name(), t.model()));
    return new DecisionRecord(
        decision.decisionId(),
        decidedAt,
        tenant,
        workflow,
        origin,
        prompt,
        decision.tier(),
        decision.model(),
        models,
        decision.probabilities(),
        decision.estimatedCostUsd(),
        decision.routerVersion());
  }

  /** The most expensive tier this decision could have picked. */
  public String topTier() {
    String top = null;
    for (String name : tierModels.keySet()) {
      top = name;
    }
    return top;
  }
}
