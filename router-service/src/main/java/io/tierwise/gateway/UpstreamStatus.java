package io.tierwise.gateway;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code GET /v1/upstreams} reports for one upstream.
 *
 * @param name upstream name
 * @param tier tier it serves
 * @param model model id it is asked for
 * @param baseUrl its base URL (never contains the key)
 * @param circuit circuit breaker state
 * @param recentFailures failures within the breaker's window
 * @param circuitOpenedAt when the circuit last opened
 * @param lastErrorAt when the last failed attempt happened
 * @param lastError what the last failed attempt reported
 */
public record UpstreamStatus(
    String name,
    String tier,
    String model,
    String baseUrl,
    CircuitState circuit,
    int recentFailures,
    Optional<Instant> circuitOpenedAt,
    Optional<Instant> lastErrorAt,
    Optional<String> lastError) {

  public UpstreamStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(circuit, "circuit");
    Objects.requireNonNull(circuitOpenedAt, "circuitOpenedAt");
    Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    Objects.requireNonNull(lastError, "lastError");
  }
}
