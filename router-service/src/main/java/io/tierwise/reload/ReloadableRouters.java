package io.tierwise.reload;

import io.tierwise.http.ApiException;
import io.tierwise.http.RouterLease;
import io.tierwise.http.RouterState;
import io.tierwise.http.RouterSupplier;
import io.tierwise.routing.Router;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link RouterSupplier} whose router can be replaced while it serves: {@link #reload(Path)}
 * loads a new artifact on the caller's thread while the current router keeps serving, then swaps
 * atomically; {@link #rollback()} returns to the router it replaced, which stays loaded for that
 * purpose (one level of history).
 *
 * <p>Routers are reference-counted: every {@link #lease()} holds the router it got until the lease
 * is closed, and a retired router is closed only when its last lease ends, so requests in flight
 * during a swap finish on the router they started with. Decisions name the version that made them
 * ({@code RoutingDecision.routerVersion}).
 *
 * <pre>{@code
 * ReloadableRouters routers = ReloadableRouters.loadInBackground(LearnedRouter::open, artifactDir);
 * routers.reload(Path.of("models/default-20261203T0800Z-ab12"));   // swap
 * routers.rollback();                                               // and back
 * }</pre>
 */
public final class ReloadableRouters implements RouterSupplier {

  private static final System.Logger LOG = System.getLogger(ReloadableRouters.class.getName());

  private final RouterLoader loader;
  // Serialises reloads, rollbacks and close; never held by lease(), which only reads `current`.
  private final ReentrantLock swapLock = new ReentrantLock();
  private final AtomicBoolean reloading = new AtomicBoolean();
  private volatile Generation current;
  private volatile Generation previous;
  private volatile RouterState state = new RouterState.Loading();
  private volatile boolean closed;
  // Versions an operator rolled back from: the artifact watcher must not promote them again.
  private final Set<String> rolledBack = ConcurrentHashMap.newKeySet();

  /** What a swap did: the version now serving and the one it replaced. */
  public record Swap(String version, Path artifact, Optional<String> replacedVersion) {
    public Swap {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(artifact, "artifact");
      Objects.requireNonNull(replacedVersion, "replacedVersion");
    }
  }

  /** What is loaded: the serving router's version and artifact, and the rollback target if any. */
  public record Status(
      Optional<String> version,
      Optional<Path> artifact,
      Optional<String> previousVersion,
      boolean reloading) {}

  private ReloadableRouters(RouterLoader loader) {
    this.loader = loader;
  }

  /**
   * Starts loading {@code artifact} on a background thread; the supplier is {@link
   * RouterState.Loading} until it is loaded, then {@link RouterState.Ready}, or {@link
   * RouterState.Failed} if the first load fails (a later {@link #reload} can still succeed).
   */
  public static ReloadableRouters loadInBackground(RouterLoader loader, Path artifact) {
    ReloadableRouters routers = new ReloadableRouters(Objects.requireNonNull(loader, "loader"));
    Objects.requireNonNull(artifact, "artifact");
    Thread.ofPlatform()
        .name("tierwise-router-load")
        .daemon()
        .start(
            () -> {
              try {
                routers.reload(artifact);
              } catch (ApiException e) {
                if (routers.current == null && !routers.closed) {
                  routers.state = new RouterState.Failed(e.getMessage());
                }
              }
            });
    return routers;
  }

  /** A supplier serving {@code router} (loaded from {@code artifact}) at once. */
  public static ReloadableRouters of(RouterLoader loader, Router router, Path artifact) {
    ReloadableRouters routers = new ReloadableRouters(Objects.requireNonNull(loader, "loader"));
    routers.current = new Generation(Objects.requireNonNull(router, "router"), artifact);
    routers.state = new RouterState.Ready(router);
    return routers;
  }

  @Override
  public RouterState state() {
    return state;
  }

  @Override
  public RouterLease lease() {
    while (true) {
      Generation generation = current;
      if (generation == null || closed) {
        require(); // throws the 503 that names the state
        throw ApiException.notReady("the router is not loaded");
      }
      if (generation.tryAcquire()) {
        return new RouterLease(generation.router, generation::release);
      }
      // Retired and closed between the read and the acquire: the next read sees its successor.
      Thread.onSpinWait();
    }
  }

  /**
   * Loads {@code artifact} and swaps it in; the current router serves until the new one is ready
   * and is kept for {@link #rollback()}. Blocks the caller for the load.
   *
   * @throws ReloadException 409 when another reload is running, 422 when loading fails (the current
   *     router keeps serving), 503 after close
   */
  public Swap reload(Path artifact) {
    Objects.requireNonNull(artifact, "artifact");
    if (!reloading.compareAndSet(false, true)) {
      throw ReloadException.conflict(
          "reload_in_progress", "another reload is running; retry when it has finished");
    }
    try {
      long start = System.nanoTime();
      Router loaded;
      try {
        loaded = Objects.requireNonNull(loader.load(artifact), "router loader returned null");
      } catch (Exception | LinkageError e) {
        LOG.log(System.Logger.Level.ERROR, "loading router artifact " + artifact + " failed", e);
        throw ReloadException.loadFailed(
            "cannot load router artifact "
                + artifact
                + ": "
                + describe(e)
                + (current == null ? "" : "; still serving " + current.router.version()),
            e);
      }
      Generation next = new Generation(loaded, artifact);
      swapLock.lock();
      try {
        if (closed) {
          next.release();
          throw ReloadException.unavailable("the server is shutting down");
        }
        Generation replaced = current;
        Generation dropped = previous;
        previous = replaced;
        current = next;
        state = new RouterState.Ready(loaded);
        if (dropped != null) {
          dropped.release();
        }
        LOG.log(
            System.Logger.Level.INFO,
            "router "
                + loaded.version()
                + " serving after "
                + (System.nanoTime() - start) / 1_000_000
                + " ms"
                + (replaced == null ? "" : ", replacing " + replaced.router.version()));
        return new Swap(
            loaded.version(), artifact, Optional.ofNullable(replaced).map(g -> g.router.version()));
      } finally {
        swapLock.unlock();
      }
    } finally {
      reloading.set(false);
    }
  }

  /**
   * Returns to the router the last reload replaced; the rolled-back router is closed when its last
   * lease ends. There is one level of history: a second rollback has nothing to return to.
   *
   * @throws ReloadException 409 when there is no previous router, 503 after close
   */
  public Swap rollback() {
    swapLock.lock();
    try {
      if (closed) {
        throw ReloadException.unavailable("the server is shutting down");
      }
      Generation back = previous;
      if (back == null) {
        throw ReloadException.conflict(
            "nothing_to_roll_back",
            "no previous router is loaded; rollback returns to the router the last reload"
                + " replaced");
      }
      Generation retired = current;
      current = back;
      previous = null;
      state = new RouterState.Ready(back.router);
      rolledBack.add(retired.router.version());
      retired.release();
      LOG.log(
          System.Logger.Level.INFO,
          "rolled back from router " + retired.router.version() + " to " + back.router.version());
      return new Swap(back.router.version(), back.artifact, Optional.of(retired.router.version()));
    } finally {
      swapLock.unlock();
    }
  }

  /** Whether an operator rolled back from {@code version}, so it must not be promoted again. */
  public boolean wasRolledBack(String version) {
    return rolledBack.contains(version);
  }

  /** What is loaded now. */
  public Status status() {
    Generation now = current;
    Generation before = previous;
    return new Status(
        Optional.ofNullable(now).map(g -> g.router.version()),
        Optional.ofNullable(now).map(g -> g.artifact),
        Optional.ofNullable(before).map(g -> g.router.version()),
        reloading.get());
  }

  /** Closes both routers once their leases end; safe to call twice. */
  @Override
  public void close() {
    swapLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      state = new RouterState.Closed();
      Generation now = current;
      Generation before = previous;
      current = null;
      previous = null;
      if (now != null) {
        now.release();
      }
      if (before != null) {
        before.release();
      }
    } finally {
      swapLock.unlock();
    }
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  /**
   * One loaded router and its reference count: one reference for the supplier while it is current
   * or the rollback target, plus one per open lease. The router closes when the count reaches 0.
   */
  private static final class Generation {
    final Router router;
    final Path artifact;
    private final AtomicInteger references = new AtomicInteger(1);

    Generation(Router router, Path artifact) {
      this.router = router;
      this.artifact = artifact;
    }

    boolean tryAcquire() {
      while (true) {
        int count = references.get();
        if (count == 0) {
          return false;
        }
        if (references.compareAndSet(count, count + 1)) {
          return true;
        }
      }
    }

    void release() {
      int left = references.decrementAndGet();
      if (left == 0) {
        try {
          router.close();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "closing router " + router.version() + " failed", e);
        }
      } else if (left < 0) {
        throw new IllegalStateException("router " + router.version() + " released too often");
      }
    }
  }
}
