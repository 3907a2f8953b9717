package io.tierwise.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tierwise.artifact.RouterArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which artifact the watcher promotes: the newest one marked promotable, newer than the serving
 * one, never one an operator rolled back from; and that polling reloads it.
 */
class ArtifactWatcherTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHIPPED = Path.of("..", "models", "default");

  @TempDir Path models;

  private final RouterLoader loader =
      dir -> new VersionedRouter(RouterArtifact.readManifest(dir).version());

  /** A manifest-only artifact copied from the shipped one with another version and flags. */
  private Path artifact(String version, String createdAt, boolean promotable) throws Exception {
    ObjectNode manifest =
        (ObjectNode) JSON.readTree(SHIPPED.resolve(RouterArtifact.MANIFEST).toFile());
    manifest.put("version", version);
    manifest.put("createdAt", createdAt);
    manifest.put("promotable", promotable);
    manifest.put("parentVersion", "base");
    Path dir = Files.createDirectories(models.resolve(version));
    JSON.writeValue(dir.resolve(RouterArtifact.MANIFEST).toFile(), manifest);
    return dir;
  }

  @Test
  void picksTheNewestPromotableArtifactAndNeverOneThatWasRolledBack() throws Exception {
    Path base = artifact("base", "2026-12-01T00:00:00Z", true);
    artifact("old", "2026-11-30T00:00:00Z", true);
    Path good = artifact("good", "2026-12-02T00:00:00Z", true);
    artifact("worse", "2026-12-03T00:00:00Z", false);
    Path best = artifact("best", "2026-12-02T12:00:00Z", true);
    Files.createDirectories(models.resolve("half-written")); // no manifest yet
    try (ReloadableRouters routers = ReloadableRouters.of(loader, loader.load(base), base);
        ArtifactWatcher watcher = ArtifactWatcher.of(routers, models)) {
      assertEquals(Optional.of(best), watcher.newestPromotable());

      assertEquals("best", watcher.pollOnce().orElseThrow().version());
      assertEquals(Optional.empty(), watcher.newestPromotable(), "nothing newer than best");
      routers.rollback();

      assertEquals("base", routers.require().version());
      assertEquals(Optional.of(good), watcher.newestPromotable(), "best was rolled back");
    }
  }

  @Test
  void pollingReloadsANewPromotableArtifactWhenItAppears() throws Exception {
    Path base = artifact("base", "2026-12-01T00:00:00Z", true);
    try (ReloadableRouters routers = ReloadableRouters.of(loader, loader.load(base), base);
        ArtifactWatcher watcher = ArtifactWatcher.polling(routers, models, Duration.ofMillis(10))) {
      artifact("next", "2026-12-02T00:00:00Z", true);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!routers.require().version().equals("next") && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals("next", routers.require().version());
      assertEquals(Optional.of("base"), routers.status().previousVersion());
    }
  }
}
