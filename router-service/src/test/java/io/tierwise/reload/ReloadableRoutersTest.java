package io.tierwise.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.http.RouterLease;
import io.tierwise.http.RouterState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ReloadableRoutersTest {

  private final Map<String, VersionedRouter> loaded = new ConcurrentHashMap<>();
  private final RouterLoader loader =
      dir -> {
        String name = dir.getFileName().toString();
        if (name.startsWith("broken")) {
          throw new IllegalStateException("manifest.json is missing");
        }
        VersionedRouter router = new VersionedRouter(name);
        loaded.put(name, router);
        return router;
      };

  private ReloadableRouters serving(String version) {
    VersionedRouter first = new VersionedRouter(version);
    loaded.put(version, first);
    return ReloadableRouters.of(loader, first, Path.of(version));
  }

  @Test
  void aLeaseKeepsItsRouterOpenUntilItEndsEvenAfterTwoSwaps() {
    try (ReloadableRouters routers = serving("v0")) {
      RouterLease lease = routers.lease();

      routers.reload(Path.of("v1"));
      routers.reload(Path.of("v2")); // v0 is no longer even the rollback target

      assertSame(loaded.get("v0"), lease.router());
      assertFalse(loaded.get("v0").isClosed(), "closed under an open lease");
      assertEquals("v2", routers.require().version());
      lease.close();
      assertTrue(loaded.get("v0").isClosed(), "closed when its last lease ended");
      assertFalse(loaded.get("v1").isClosed(), "kept for rollback");
    }
  }

  @Test
  void rollbackReturnsToTheReplacedRouterOnceAndRetiresTheNewOne() {
    try (ReloadableRouters routers = serving("v0")) {
      ReloadableRouters.Swap swap = routers.reload(Path.of("v1"));
      assertEquals(new ReloadableRouters.Swap("v1", Path.of("v1"), Optional.of("v0")), swap);

      ReloadableRouters.Swap back = routers.rollback();

      assertEquals("v0", back.version());
      assertEquals(Optional.of("v1"), back.replacedVersion());
      assertEquals("v0", routers.require().version());
      assertTrue(loaded.get("v1").isClosed());
      assertTrue(routers.wasRolledBack("v1"));
      ReloadException again = assertThrows(ReloadException.class, routers::rollback);
      assertEquals(409, again.status());
      assertEquals("nothing_to_roll_back", again.code());
    }
  }

  @Test
  void aFailedLoadLeavesTheCurrentRouterServing() {
    try (ReloadableRouters routers = serving("v0")) {
      ReloadException e =
          assertThrows(ReloadException.class, () -> routers.reload(Path.of("broken")));

      assertEquals(422, e.status());
      assertTrue(e.getMessage().contains("manifest.json is missing"), e.getMessage());
      assertTrue(e.getMessage().contains("still serving v0"), e.getMessage());
      assertEquals("v0", routers.require().version());
      assertEquals(Optional.empty(), routers.status().previousVersion());
    }
  }

  @Test
  void closeClosesBothLoadedRoutersAndLeasesFailAfterwards() {
    ReloadableRouters routers = serving("v0");
    routers.reload(Path.of("v1"));

    routers.close();

    assertTrue(loaded.get("v0").isClosed());
    assertTrue(loaded.get("v1").isClosed());
    assertInstanceOf(RouterState.Closed.class, routers.state());
    assertEquals(503, assertThrows(io.tierwise.http.ApiException.class, routers::lease).status());
  }

  @Test
  void theFirstLoadRunsInTheBackgroundAndAFailureIsReported() throws Exception {
    try (ReloadableRouters ok = ReloadableRouters.loadInBackground(loader, Path.of("v7"));
        ReloadableRouters bad = ReloadableRouters.loadInBackground(loader, Path.of("broken-1"))) {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((ok.state() instanceof RouterState.Loading
              || bad.state() instanceof RouterState.Loading)
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals("v7", ok.require().version());
      RouterState.Failed failed = assertInstanceOf(RouterState.Failed.class, bad.state());
      assertTrue(failed.reason().contains("manifest.json is missing"), failed.reason());
    }
  }
}
