package io.tierwise.reload;

import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterArtifactException;
import io.tierwise.artifact.RouterManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds the newest promotable router artifact in a models directory and, when polling, reloads it.
 * A candidate is a subdirectory whose {@code manifest.json} is marked {@code promotable} (the
 * retrain job marks an artifact promotable only if it is not worse than its parent), was created
 * after the serving artifact, and is not a version an operator rolled back from.
 */
public final class ArtifactWatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ArtifactWatcher.class.getName());

  private final ReloadableRouters routers;
  private final Path modelsDir;
  private final ScheduledExecutorService poller;

  private ArtifactWatcher(
      ReloadableRouters routers, Path modelsDir, ScheduledExecutorService poller) {
    this.routers = routers;
    this.modelsDir = modelsDir;
    this.poller = poller;
  }

  /** A watcher that looks only when asked ({@link #newestPromotable()}, {@link #pollOnce()}). */
  public static ArtifactWatcher of(ReloadableRouters routers, Path modelsDir) {
    return new ArtifactWatcher(
        Objects.requireNonNull(routers, "routers"),
        Objects.requireNonNull(modelsDir, "modelsDir"),
        null);
  }

  /** A watcher that also polls every {@code interval} and reloads what it finds. */
  public static ArtifactWatcher polling(
      ReloadableRouters routers, Path modelsDir, Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (!interval.isPositive()) {
      throw new IllegalArgumentException("poll interval must be positive, got: " + interval);
    }
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tierwise-artifact-watcher").daemon().factory());
    ArtifactWatcher watcher =
        new ArtifactWatcher(
            Objects.requireNonNull(routers, "routers"),
            Objects.requireNonNull(modelsDir, "modelsDir"),
            poller);
    long millis = interval.toMillis();
    poller.scheduleWithFixedDelay(watcher::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return watcher;
  }

  /** The directory searched. */
  public Path modelsDir() {
    return modelsDir;
  }

  /** The newest artifact that qualifies for promotion, if any. */
  public Optional<Path> newestPromotable() {
    ReloadableRouters.Status status = routers.status();
    Instant servingSince =
        status.artifact().flatMap(ArtifactWatcher::createdAt).orElse(Instant.MIN);
    Path serving = status.artifact().map(p -> p.toAbsolutePath().normalize()).orElse(null);
    return candidates().stream()
        .filter(c -> c.manifest.promotable())
        .filter(c -> !c.directory.toAbsolutePath().normalize().equals(serving))
        .filter(c -> status.version().map(v -> !v.equals(c.manifest.version())).orElse(true))
        .filter(c -> !routers.wasRolledBack(c.manifest.version()))
        .filter(c -> c.created.isAfter(servingSince))
        .max(Comparator.comparing((Candidate c) -> c.created))
        .map(c -> c.directory);
  }

  /**
   * Reloads the newest promotable artifact if there is one.
   *
   * @return what the swap did, or empty when nothing qualified
   * @throws ReloadException as {@link ReloadableRouters#reload} does
   */
  public Optional<ReloadableRouters.Swap> pollOnce() {
    return newestPromotable().map(routers::reload);
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  private void pollQuietly() {
    try {
      pollOnce();
    } catch (RuntimeException e) {
      // The old router keeps serving; the next poll tries again (a failed load is logged there).
      LOG.log(System.Logger.Level.WARNING, "polling " + modelsDir + " for artifacts failed", e);
    }
  }

  private record Candidate(Path directory, RouterManifest manifest, Instant created) {}

  private List<Candidate> candidates() {
    if (!Files.isDirectory(modelsDir)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(modelsDir)) {
      return children
          .filter(dir -> Files.isRegularFile(dir.resolve(RouterArtifact.MANIFEST)))
          .flatMap(dir -> candidate(dir).stream())
          .toList();
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot list " + modelsDir, e);
      return List.of();
    }
  }

  private static Optional<Candidate> candidate(Path directory) {
    try {
      RouterManifest manifest = RouterArtifact.readManifest(directory);
      return parse(manifest.createdAt()).map(at -> new Candidate(directory, manifest, at));
    } catch (RouterArtifactException e) {
      // Possibly still being written by the retrain job; it is looked at again next poll.
      LOG.log(System.Logger.Level.DEBUG, "skipping " + directory + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<Instant> createdAt(Path directory) {
    try {
      return parse(RouterArtifact.readManifest(directory).createdAt());
    } catch (RouterArtifactException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> parse(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
