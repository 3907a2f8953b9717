package io.tierwise.http;

import io.tierwise.routing.Router;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One caller's hold on a router for the length of one call. A supplier that swaps routers (hot
 * reload) closes a retired router only when its last lease is closed, so a request that started on
 * the old router finishes on it.
 *
 * <pre>{@code
 * try (RouterLease lease = routers.lease()) {
 *   return lease.router().routeAll(requests);
 * }
 * }</pre>
 */
public final class RouterLease implements AutoCloseable {

  private final Router router;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param router the leased router
   * @param release run once, when the lease is closed
   */
  public RouterLease(Router router, Runnable release) {
    this.router = Objects.requireNonNull(router, "router");
    this.release = Objects.requireNonNull(release, "release");
  }

  /** The router; valid until {@link #close()}. */
  public Router router() {
    if (closed.get()) {
      throw new IllegalStateException("router lease is closed");
    }
    return router;
  }

  /** Ends the lease; safe to call twice. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
