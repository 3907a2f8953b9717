package io.tierwise.http;

import io.tierwise.routing.Router;

/** A {@link RouterSupplier} whose state a test sets directly. */
final class ControllableRouterSupplier implements RouterSupplier {

  private volatile RouterState state = new RouterState.Loading();

  void set(RouterState newState) {
    this.state = newState;
  }

  void ready(Router router) {
    set(new RouterState.Ready(router));
  }

  @Override
  public RouterState state() {
    return state;
  }

  @Override
  public void close() {
    state = new RouterState.Closed();
  }
}
