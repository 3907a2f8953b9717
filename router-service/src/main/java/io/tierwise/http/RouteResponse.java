package io.tierwise.http;

import io.tierwise.routing.Neighbour;
import io.tierwise.routing.RoutingDecision;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of one routing decision.
 *
 * @param id decision id, to quote in feedback
 * @param tier chosen tier
 * @param model model the tier stands for
 * @param probabilities per tier, predicted probability that it answers well
 * @param estimatedCost per tier, estimated USD cost of answering there
 * @param thresholds the policy parameters behind the choice
 * @param reasons human-readable reasons, the deciding one first
 * @param neighbours nearest labelled prompts, most similar first
 * @param routerVersion version of the router artifact
 * @param failSafe true when scoring failed and the router fell back to the safest tier
 * @param latencyMs time the server spent on this request, in milliseconds
 */
public record RouteResponse(
    String id,
    String tier,
    String model,
    Map<String, Double> probabilities,
    Map<String, Double> estimatedCost,
    Map<String, Double> thresholds,
    List<String> reasons,
    List<Neighbour> neighbours,
    String routerVersion,
    boolean failSafe,
    double latencyMs) {

  public static RouteResponse of(RoutingDecision decision, double latencyMs) {
    return new RouteResponse(
        decision.decisionId(),
        decision.tier(),
        decision.model(),
        decision.probabilities(),
        decision.estimatedCostUsd(),
        decision.thresholds(),
        decision.reasons(),
        decision.neighbours(),
        decision.routerVersion(),
        decision.failSafe(),
        latencyMs);
  }

  /** The JSON body of {@code POST /v1/route:batch}: decisions in request order. */
  public record Batch(List<RouteResponse> decisions, double latencyMs) {}

  /** Milliseconds with microsecond resolution, for latency fields. */
  static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
