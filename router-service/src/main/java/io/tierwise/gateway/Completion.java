package io.tierwise.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A successful non-streaming chat completion, as {@link CompletionListener}s see it.
 *
 * @param decisionId the request's decision id
 * @param tenant the tenant header, {@code default} when absent
 * @param routed whether the router chose the tier ({@code tierwise/auto}) rather than the client
 * @param routedTier the tier chosen
 * @param servedTier the tier whose upstream answered (differs after a fallback)
 * @param request the client's request body (a copy; listeners may keep it)
 * @param answer the text of the first choice's message
 * @param costUsd what the answer cost
 */
public record Completion(
    String decisionId,
    String tenant,
    boolean routed,
    String routedTier,
    String servedTier,
    ObjectNode request,
    String answer,
    double costUsd) {

  public Completion {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(routedTier, "routedTier");
    Objects.requireNonNull(servedTier, "servedTier");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(answer, "answer");
  }
}
