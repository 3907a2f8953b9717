package io.tierwise.http;

import io.tierwise.routing.Router;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Hands the server its {@link Router} once it is loaded and tells readiness probes whether it is.
 * Loading a router (embedder model, kNN memory, classifier) takes seconds, so the server starts
 * first and answers {@code /health/ready} with 503 until the router is {@link RouterState.Ready}.
 *
 * <pre>{@code
 * RouterSupplier routers = RouterSupplier.loadInBackground(() -> MyRouter.load(artifactDir));
 * }</pre>
 */
public interface RouterSupplier extends AutoCloseable {

  /** The current state; cheap, called on every request. */
  RouterState state();

  /** The router, when ready. */
  default Optional<Router> current() {
    return state() instanceof RouterState.Ready ready
        ? Optional.of(ready.router())
        : Optional.empty();
  }

  /**
   * The router, or an {@link ApiException} with HTTP 503 saying why there is none.
   *
   * @throws ApiException while loading, after a failed load, or after close
   */
  default Router require() {
    return switch (state()) {
      case RouterState.Ready ready -> ready.router();
      case RouterState.Loading loading ->
          throw ApiException.notReady("the router is still loading");
      case RouterState.Failed failed ->
          throw ApiException.notReady("the router failed to load: " + failed.reason());
      case RouterState.Closed closed -> throw ApiException.notReady("the server is shutting down");
    };
  }

  /**
   * Leases the current router for one call; close the lease when the call is done. Suppliers that
   * never swap their router hand out leases that release nothing.
   *
   * @throws ApiException as {@link #require()} does
   */
  default RouterLease lease() {
    return new RouterLease(require(), () -> {});
  }

  /** Closes the router if it was loaded; safe to call twice. */
  @Override
  void close();

  /** A supplier that is ready at once with {@code router}, and closes it on {@link #close()}. */
  static RouterSupplier of(Router router) {
    return new LoadedRouter(Objects.requireNonNull(router, "router"));
  }

  /**
   * Starts loading a router on a background thread; the supplier is {@link RouterState.Loading}
   * until {@code loader} returns, then {@link RouterState.Ready}, or {@link RouterState.Failed}
   * with the exception's message if it throws.
   */
  static RouterSupplier loadInBackground(Callable<? extends Router> loader) {
    return BackgroundRouterLoad.start(Objects.requireNonNull(loader, "loader"));
  }
}
