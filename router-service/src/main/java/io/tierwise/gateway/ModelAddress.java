package io.tierwise.gateway;

import java.util.Objects;

/** What a request's {@code model} field asks for. */
sealed interface ModelAddress {

  /** {@code tierwise/auto}: let the router pick the tier. */
  record Auto() implements ModelAddress {}

  /** A tier by name, bypassing the router. */
  record TierName(String tier) implements ModelAddress {
    public TierName {
      Objects.requireNonNull(tier, "tier");
    }
  }

  /** An upstream's model id, bypassing the router. */
  record UpstreamModel(String upstream) implements ModelAddress {
    public UpstreamModel {
      Objects.requireNonNull(upstream, "upstream");
    }
  }
}
