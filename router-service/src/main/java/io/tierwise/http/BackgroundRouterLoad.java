package io.tierwise.http;

import io.tierwise.routing.Router;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link RouterSupplier} that loads its router on a background thread after the server starts.
 */
final class BackgroundRouterLoad implements RouterSupplier {

  private static final System.Logger LOG = System.getLogger(BackgroundRouterLoad.class.getName());

  // Compare-and-set compares identity, so the loading state is one instance.
  private static final RouterState LOADING = new RouterState.Loading();

  private final AtomicReference<RouterState> state = new AtomicReference<>(LOADING);

  private BackgroundRouterLoad() {}

  static BackgroundRouterLoad start(Callable<? extends Router> loader) {
    BackgroundRouterLoad load = new BackgroundRouterLoad();
    Thread.ofPlatform().name("tierwise-router-load").daemon().start(() -> load.run(loader));
    return load;
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

  private void run(Callable<? extends Router> loader) {
    long start = System.nanoTime();
    Router router;
    try {
      router = Objects.requireNonNull(loader.call(), "router loader returned null");
    } catch (Exception | LinkageError e) {
      LOG.log(System.Logger.Level.ERROR, "loading the router failed", e);
      state.compareAndSet(LOADING, new RouterState.Failed(describe(e)));
      return;
    }
    if (state.compareAndSet(LOADING, new RouterState.Ready(router))) {
      LOG.log(
          System.Logger.Level.INFO,
          "router "
              + router.version()
              + " ready after "
              + (System.nanoTime() - start) / 1_000_000
              + " ms");
    } else {
      // Closed while loading: nobody else will ever close this router.
      router.close();
    }
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }
}
