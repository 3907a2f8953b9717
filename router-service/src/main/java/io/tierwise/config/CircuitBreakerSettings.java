package io.tierwise.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When to stop calling a failing upstream and when to try it again (YAML section {@code
 * tiers[i].circuit-breaker}).
 *
 * @param failureThreshold consecutive failed calls that open the circuit
 * @param openFor how long an open circuit rejects calls before letting probes through
 * @param halfOpenProbes trial calls let through after {@code openFor}; all must succeed to close
 */
public record CircuitBreakerSettings(int failureThreshold, Duration openFor, int halfOpenProbes) {

  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
  public static final int DEFAULT_HALF_OPEN_PROBES = 1;

  public CircuitBreakerSettings {
    Objects.requireNonNull(openFor, "openFor");
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1, got: " + failureThreshold);
    }
    if (openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("openFor must be > 0, got: " + openFor);
    }
    if (halfOpenProbes < 1) {
      throw new IllegalArgumentException("halfOpenProbes must be >= 1, got: " + halfOpenProbes);
    }
  }

  public static CircuitBreakerSettings defaults() {
    return new CircuitBreakerSettings(
        DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_FOR, DEFAULT_HALF_OPEN_PROBES);
  }

  static CircuitBreakerSettings read(SettingsReader section) {
    int threshold =
        section.integer("failure-threshold", DEFAULT_FAILURE_THRESHOLD, 1, Integer.MAX_VALUE);
    Duration openFor =
        section.duration("open-for", DEFAULT_OPEN_FOR, Duration.ofMillis(1), Duration.ofDays(1));
    int probes = section.integer("half-open-probes", DEFAULT_HALF_OPEN_PROBES, 1, 1_000);
    return section.build(() -> new CircuitBreakerSettings(threshold, openFor, probes));
  }
}
