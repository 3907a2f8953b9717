package io.tierwise.gateway;

import java.time.Duration;

/**
 * How often and how patiently the gateway retries one upstream before falling back.
 *
 * @param maxAttempts attempts per upstream per request, including the first (1 = no retries)
 * @param baseBackoff backoff cap before the first retry; doubles per retry
 * @param maxBackoff upper bound of the exponential backoff
 * @param jitter full jitter: wait a uniform random duration in [0, backoff] instead of backoff
 * @param maxRetryAfter longest {@code Retry-After} the gateway waits for; an upstream asking for
 *     longer is not retried (the request falls back instead)
 */
public record RetrySettings(
    int maxAttempts,
    Duration baseBackoff,
    Duration maxBackoff,
    boolean jitter,
    Duration maxRetryAfter) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
  public static final boolean DEFAULT_JITTER = true;
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);

  /** The defaults above. */
  public static final RetrySettings DEFAULTS =
      new RetrySettings(
          DEFAULT_MAX_ATTEMPTS,
          DEFAULT_BASE_BACKOFF,
          DEFAULT_MAX_BACKOFF,
          DEFAULT_JITTER,
          DEFAULT_MAX_RETRY_AFTER);

  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got: " + maxAttempts);
    }
    TimeoutSettings.requirePositive("baseBackoff", baseBackoff);
    TimeoutSettings.requirePositive("maxBackoff", maxBackoff);
    TimeoutSettings.requirePositive("maxRetryAfter", maxRetryAfter);
    if (maxBackoff.compareTo(baseBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= baseBackoff, got: " + maxBackoff + " < " + baseBackoff);
    }
  }
}
