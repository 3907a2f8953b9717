package io.tierwise.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision and outcome store (YAML section {@code feedback}).
 *
 * @param store the SQLite file holding decisions, feedback, local attempts and shadow results;
 *     empty (the default) means the gateway's request log file ({@code gateway.request-log}), which
 *     lets outcomes use the logged serving tier and USD cost
 * @param decisionQueue decisions waiting for the background group-commit writer; when full, routing
 *     waits up to {@code enqueueTimeout} and then counts the decision as dropped
 * @param writeBatch most queued writes committed in one transaction (one fsync)
 * @param enqueueTimeout longest a routing call waits for room in a full decision queue
 */
public record FeedbackSettings(
    Optional<Path> store, int decisionQueue, int writeBatch, Duration enqueueTimeout) {
  public static final int DEFAULT_DECISION_QUEUE = 10_000;
  public static final int DEFAULT_WRITE_BATCH = 512;
  public static final Duration DEFAULT_ENQUEUE_TIMEOUT = Duration.ofMillis(20);

  /** Waiting longer than this would put the store on the latency budget of every decision. */
  public static final Duration MAX_ENQUEUE_TIMEOUT = Duration.ofSeconds(1);

  public FeedbackSettings {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(enqueueTimeout, "enqueueTimeout");
    if (decisionQueue < 1) {
      throw new IllegalArgumentException("decisionQueue must be >= 1, got: " + decisionQueue);
    }
    if (writeBatch < 1) {
      throw new IllegalArgumentException("writeBatch must be >= 1, got: " + writeBatch);
    }
    if (enqueueTimeout.isNegative() || enqueueTimeout.compareTo(MAX_ENQUEUE_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "enqueueTimeout must be in [0, 1s], got: " + enqueueTimeout);
    }
  }

  public static FeedbackSettings defaults() {
    return new FeedbackSettings(
        Optional.empty(), DEFAULT_DECISION_QUEUE, DEFAULT_WRITE_BATCH, DEFAULT_ENQUEUE_TIMEOUT);
  }

  /** The same settings with another store file, e.g. a temporary one in tests. */
  public FeedbackSettings withStore(Path newStore) {
    return new FeedbackSettings(
        Optional.of(Objects.requireNonNull(newStore, "newStore")),
        decisionQueue,
        writeBatch,
        enqueueTimeout);
  }

  static FeedbackSettings read(SettingsReader section) {
    Optional<Path> store = section.path("store");
    int queue = section.integer("decision-queue", DEFAULT_DECISION_QUEUE, 1, 10_000_000);
    int batch = section.integer("write-batch", DEFAULT_WRITE_BATCH, 1, 100_000);
    Duration timeout =
        section.duration(
            "enqueue-timeout", DEFAULT_ENQUEUE_TIMEOUT, Duration.ZERO, MAX_ENQUEUE_TIMEOUT);
    return section.build(() -> new FeedbackSettings(store, queue, batch, timeout));
  }
}
