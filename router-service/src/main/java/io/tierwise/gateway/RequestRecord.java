package io.tierwise.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One gateway request as written to the {@link RequestLog}.
 *
 * @param decisionId the router's decision id ({@code gw-...} when the client named a tier or
 *     model); the log's key
 * @param receivedAt when the request arrived
 * @param tenant from the {@code x-tierwise-tenant} header, {@code default} when absent
 * @param workflow from the {@code x-tierwise-workflow} header, empty when absent
 * @param requestedModel the request's {@code model} field
 * @param routedTier the tier the router (or the client) chose
 * @param tier the tier that served the request, empty when none did
 * @param model the upstream model that served it, empty when none did
 * @param upstream the upstream that served it, empty when none did
 * @param stream whether the client asked for a stream
 * @param status HTTP status sent to the client
 * @param outcome how the request ended
 * @param attempts every upstream attempt, in order
 * @param usage tokens billed
 * @param costUsd USD cost at the serving upstream's prices
 * @param latency from arrival to the last byte written
 * @param error what went wrong, when something did
 */
public record RequestRecord(
    String decisionId,
    Instant receivedAt,
    String tenant,
    String workflow,
    String requestedModel,
    String routedTier,
    String tier,
    String model,
    String upstream,
    boolean stream,
    int status,
    RequestOutcome outcome,
    List<Attempt> attempts,
    Usage usage,
    double costUsd,
    Duration latency,
    Optional<String> error) {

  public RequestRecord {
    Objects.requireNonNull(decisionId, "decisionId");
    if (decisionId.isBlank()) {
      throw new IllegalArgumentException("decisionId must not be blank");
    }
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(requestedModel, "requestedModel");
    Objects.requireNonNull(routedTier, "routedTier");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(outcome, "outcome");
    attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts"));
    Objects.requireNonNull(usage, "usage");
    if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
      throw new IllegalArgumentException("costUsd must be finite and >= 0, got: " + costUsd);
    }
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must be >= 0, got: " + latency);
    }
    Objects.requireNonNull(error, "error");
  }
}
