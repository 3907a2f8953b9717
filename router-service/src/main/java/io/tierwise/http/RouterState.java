package io.tierwise.http;

import io.tierwise.routing.Router;
import java.util.Objects;

/** Where a {@link RouterSupplier} is: loading, ready with a router, failed, or closed. */
public sealed interface RouterState {

  /** The router artifact and embedder are still loading. */
  record Loading() implements RouterState {}

  /** The router is loaded and serves requests. */
  record Ready(Router router) implements RouterState {
    public Ready {
      Objects.requireNonNull(router, "router");
    }
  }

  /** Loading failed; {@code reason} says why, for the readiness endpoint and the log. */
  record Failed(String reason) implements RouterState {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The supplier was closed. */
  record Closed() implements RouterState {}
}
