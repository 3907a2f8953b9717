package io.tierwise.gateway;

import java.time.Duration;

/**
 * When an upstream's circuit opens and how it recovers.
 *
 * @param failureThreshold failures within {@code window} that open the circuit
 * @param window sliding window over which failures are counted
 * @param openDuration how long an open circuit rejects calls before letting probes through
 * @param halfOpenProbes concurrent probe calls allowed while half-open
 */
public record CircuitBreakerSettings(
    int failureThreshold, Duration window, Duration openDuration, int halfOpenProbes) {

  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);
  public static final int DEFAULT_HALF_OPEN_PROBES = 1;

  /** The defaults above. */
  public static final CircuitBreakerSettings DEFAULTS =
      new CircuitBreakerSettings(
          DEFAULT_FAILURE_THRESHOLD,
          DEFAULT_WINDOW,
          DEFAULT_OPEN_DURATION,
          DEFAULT_HALF_OPEN_PROBES);

  public CircuitBreakerSettings {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "failureThreshold must be at least 1, got: " + failureThreshold);
    }
    TimeoutSettings.requirePositive("window", window);
    TimeoutSettings.requirePositive("openDuration", openDuration);
    if (halfOpenProbes < 1) {
      throw new IllegalArgumentException(
          "halfOpenProbes must be at least 1, got: " + halfOpenProbes);
    }
  }
}
