package io.tierwise.gateway;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One configured upstream at run time: its settings, client, circuit breaker and last error. */
final class Upstream implements AutoCloseable {

  private final UpstreamSettings settings;
  private final UpstreamClient client;
  private final CircuitBreaker breaker;
  private volatile LastError lastError;

  Upstream(UpstreamSettings settings, UpstreamClient client, CircuitBreaker breaker) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.client = Objects.requireNonNull(client, "client");
    this.breaker = Objects.requireNonNull(breaker, "breaker");
  }

  UpstreamSettings settings() {
    return settings;
  }

  String name() {
    return settings.name();
  }

  String tier() {
    return settings.tier();
  }

  UpstreamClient client() {
    return client;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  void recordError(Instant at, String message) {
    lastError = new LastError(at, message);
  }

  UpstreamStatus status() {
    CircuitBreaker.Snapshot circuit = breaker.snapshot();
    LastError error = lastError;
    return new UpstreamStatus(
        settings.name(),
        settings.tier(),
        settings.model(),
        settings.baseUrl().toString(),
        circuit.state(),
        circuit.recentFailures(),
        circuit.openedAt(),
        Optional.ofNullable(error).map(LastError::at),
        Optional.ofNullable(error).map(LastError::message));
  }

  @Override
  public void close() {
    client.close();
  }

  private record LastError(Instant at, String message) {}
}
