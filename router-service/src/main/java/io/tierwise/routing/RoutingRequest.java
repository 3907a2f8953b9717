package io.tierwise.routing;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One prompt to route, with the caller's constraints.
 *
 * @param prompt the text to score (a conversation is flattened by the caller)
 * @param target the operating point to use, or empty for the router's calibrated default
 * @param allowedTiers tier names the decision may pick; empty means all
 * @param maxTier the most expensive tier the decision may pick, or empty for no cap
 */
public record RoutingRequest(
    String prompt, Optional<Target> target, Set<String> allowedTiers, Optional<String> maxTier) {

  public RoutingRequest {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(maxTier, "maxTier");
    allowedTiers = Set.copyOf(Objects.requireNonNull(allowedTiers, "allowedTiers"));
  }

  /** A request with no constraints beyond the router's defaults. */
  public static RoutingRequest of(String prompt) {
    return new RoutingRequest(prompt, Optional.empty(), Set.of(), Optional.empty());
  }
}
