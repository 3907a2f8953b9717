package io.tierwise.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Micro-batching of concurrent {@code POST /v1/route} calls into one embedding batch (YAML section
 * {@code batching}).
 *
 * @param maxBatch most prompts routed together; a worker takes at most its share of the calls
 *     pending (queued, and with a non-zero max-wait also those being read, divided among the
 *     workers)
 * @param maxWait longest a forming batch waits for further requests that the server is already
 *     reading; a batch is never held back for requests that are not on their way, so a request that
 *     arrives alone goes at once
 * @param workers batches routed at the same time; each runs the embedder on its own thread
 */
public record BatchingSettings(int maxBatch, Duration maxWait, int workers) {

  /**
   * A cap, rarely reached: a worker takes only its share of the calls pending (see {@code
   * BatchAssembler}), so batches form only from a backlog, where they cut per-call overhead.
   */
  public static final int DEFAULT_MAX_BATCH = 32;

  /**
   * None: a batch of int8 prompts costs the sum of its prompts, so waiting for company only delays
   * the caller; a backlog forms batches without any wait.
   */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;

  public static final int DEFAULT_WORKERS = 2;

  /** Holding a request longer than this would be a latency bug, not a batching choice. */
  public static final Duration MAX_WAIT_LIMIT = Duration.ofSeconds(1);

  public BatchingSettings {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, got: " + maxBatch);
    }
    if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT_LIMIT) > 0) {
      throw new IllegalArgumentException("maxWait must be in [0, 1s], got: " + maxWait);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got: " + workers);
    }
  }

  public static BatchingSettings defaults() {
    return new BatchingSettings(DEFAULT_MAX_BATCH, DEFAULT_MAX_WAIT, DEFAULT_WORKERS);
  }

  static BatchingSettings read(SettingsReader section) {
    int maxBatch = section.integer("max-batch", DEFAULT_MAX_BATCH, 1, 4096);
    Duration maxWait =
        section.duration("max-wait", DEFAULT_MAX_WAIT, Duration.ZERO, MAX_WAIT_LIMIT);
    int workers = section.integer("workers", DEFAULT_WORKERS, 1, 64);
    return section.build(() -> new BatchingSettings(maxBatch, maxWait, workers));
  }
}
