package io.tierwise.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the gateway waits on one upstream.
 *
 * @param connect to open a TCP (and TLS) connection
 * @param read longest silence allowed while waiting for response headers or the next body bytes
 * @param total budget for everything spent on this upstream for one request: all attempts, their
 *     backoff waits, and (non-streaming) the whole body or (streaming) the first event
 */
public record TimeoutSettings(Duration connect, Duration read, Duration total) {

  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TOTAL = Duration.ofSeconds(60);

  /** The defaults above. */
  public static final TimeoutSettings DEFAULTS =
      new TimeoutSettings(DEFAULT_CONNECT, DEFAULT_READ, DEFAULT_TOTAL);

  public TimeoutSettings {
    requirePositive("connect", connect);
    requirePositive("read", read);
    requirePositive("total", total);
  }

  static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got: " + value);
    }
  }
}
