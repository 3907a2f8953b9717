package io.tierwise.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Decides whether and how long to wait before retrying an upstream: exponential backoff with full
 * jitter, {@code Retry-After} honoured up to a cap, and never past the remaining time budget.
 */
final class RetryPolicy {

  private final RetrySettings settings;
  private final DoubleSupplier random;

  /**
   * @param random uniform in [0, 1); injected so tests are deterministic
   */
  RetryPolicy(RetrySettings settings, DoubleSupplier random) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Connect errors, timeouts, 429 and 5xx may succeed on a second try; other 4xx never will. */
  static boolean isRetryable(AttemptResult result) {
    return switch (result) {
      case AttemptResult.Status s -> s.code() == 429 || s.code() >= 500;
      case AttemptResult.Failed f -> true;
      case AttemptResult.CircuitOpen c -> false;
      // Local attempts are decided by the gateway, never retried against an upstream.
      case AttemptResult.Local l -> false;
    };
  }

  /**
   * The backoff before retry number {@code retry} (1 = the first retry): {@code min(max, base *
   * 2^(retry-1))}, scaled by a uniform random factor when jitter is on.
   */
  Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1, got: " + retry);
    }
    long baseNanos = settings.baseBackoff().toNanos();
    long capNanos = settings.maxBackoff().toNanos();
    int shift = Math.min(retry - 1, 62);
    long exponential =
        baseNanos > (capNanos >> shift) ? capNanos : Math.min(capNanos, baseNanos << shift);
    if (!settings.jitter()) {
      return Duration.ofNanos(exponential);
    }
    return Duration.ofNanos((long) (random.getAsDouble() * exponential));
  }

  /**
   * The wait before another attempt, or empty when the upstream should not be tried again.
   *
   * @param attemptsMade attempts already made on this upstream for this request
   * @param result the last attempt's result
   * @param retryAfter the last response's {@code Retry-After}, if any
   * @param remaining time left in the budget for this upstream
   */
  Optional<Duration> delayBeforeRetry(
      int attemptsMade, AttemptResult result, Optional<Duration> retryAfter, Duration remaining) {
    if (attemptsMade >= settings.maxAttempts() || !isRetryable(result)) {
      return Optional.empty();
    }
    Duration delay;
    if (retryAfter.isPresent()) {
      // The upstream said when it can serve again; asking sooner only burns its quota.
      if (retryAfter.get().compareTo(settings.maxRetryAfter()) > 0) {
        return Optional.empty();
      }
      delay = retryAfter.get();
    } else {
      delay = backoff(attemptsMade);
    }
    // Waiting past the budget would leave no time for the attempt itself.
    return delay.compareTo(remaining) < 0 ? Optional.of(delay) : Optional.empty();
  }
}
