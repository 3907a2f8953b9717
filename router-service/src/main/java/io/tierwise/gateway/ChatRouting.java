package io.tierwise.gateway;

import io.tierwise.routing.RoutingRequest;
import java.util.Optional;

/**
 * Turns a chat request addressed to {@code tierwise/auto} into what the router scores: the text
 * (how a conversation is flattened) and the caller's constraints (its tenant's target and allowed
 * tiers), so the gateway routes exactly as {@code POST /v1/route} would for the same caller.
 */
@FunctionalInterface
public interface ChatRouting {

  /**
   * The routing request for {@code conversation} sent by {@code tenant} (the {@code
   * x-tierwise-tenant} header, when present).
   *
   * @throws InvalidRoutingRequestException when the caller cannot be routed, e.g. unknown tenant
   */
  RoutingRequest request(Conversation conversation, Optional<String> tenant);

  /** Scores the conversation's own prompt text with the router's defaults; ignores tenants. */
  static ChatRouting unconstrained() {
    return (conversation, tenant) -> RoutingRequest.of(conversation.toPrompt());
  }
}
