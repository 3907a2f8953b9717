package io.tierwise.http;

import io.tierwise.routing.Router;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link RouterSupplier} holding a router that was loaded before the server started. */
final class LoadedRouter implements RouterSupplier {

  private final AtomicReference<RouterState> state;

  LoadedRouter(Router router) {
    this.state = new AtomicReference<>(new RouterState.Ready(router));
  }

  @Override
  public RouterState state() {
    return state.get();
  }

  @Override
  public void close() {
    if (state.getAndSet(new RouterState.Closed()) instanceof RouterState.Ready ready) {
      ready.router().close();
    }
  }
}
