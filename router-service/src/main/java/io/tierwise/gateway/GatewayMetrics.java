package io.tierwise.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's Micrometer meters. Tenant is a tag on token and spend counters: tenants are
 * operator-defined and few, so the cardinality stays bounded.
 */
final class GatewayMetrics {

  static final String FALLBACKS = "tierwise.gateway.fallbacks";
  static final String RETRIES = "tierwise.gateway.retries";
  static final String CIRCUIT_STATE = "tierwise.gateway.circuit.state";
  static final String UPSTREAM_ERRORS = "tierwise.gateway.upstream.errors";
  static final String UPSTREAM_LATENCY = "tierwise.gateway.upstream.latency";
  static final String TOKENS = "tierwise.gateway.tokens";
  static final String SPEND = "tierwise.gateway.spend.usd";
  static final String LOCAL_ATTEMPTS = "tierwise.gateway.local.attempts";

  private final MeterRegistry registry;

  GatewayMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Exports the breaker's state: 0 closed, 1 half-open, 2 open. */
  void registerCircuit(Upstream upstream) {
    Gauge.builder(CIRCUIT_STATE, upstream.breaker(), b -> b.state().gaugeValue())
        .description("Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open")
        .tag("upstream", upstream.name())
        .tag("tier", upstream.tier())
        .register(registry);
  }

  void retry(Upstream upstream) {
    Counter.builder(RETRIES)
        .description("Repeated attempts on the same upstream")
        .tag("upstream", upstream.name())
        .register(registry)
        .increment();
  }

  /** One local-tier attempt by outcome; escalations are the low_confidence, saturated, failed. */
  void localAttempt(String tier, io.tierwise.local.LocalOutcome outcome, boolean escalated) {
    Counter.builder(LOCAL_ATTEMPTS)
        .description("Attempts to answer with an in-process local tier")
        .tag("tier", tier)
        .tag("outcome", outcome.label())
        .tag("escalated", Boolean.toString(escalated))
        .register(registry)
        .increment();
  }

  void fallback(Upstream from, Upstream to) {
    Counter.builder(FALLBACKS)
        .description("Moves from a failed upstream to the next candidate")
        .tag("from", from.name())
        .tag("to", to.name())
        .register(registry)
        .increment();
  }

  void upstreamError(Upstream upstream, AttemptResult result) {
    Counter.builder(UPSTREAM_ERRORS)
        .description("Failed upstream attempts by status or failure kind")
        .tag("upstream", upstream.name())
        .tag("status", result.label())
        .register(registry)
        .increment();
  }

  void upstreamLatency(Upstream upstream, AttemptResult result, Duration latency) {
    Timer.builder(UPSTREAM_LATENCY)
        .description("Time from sending an upstream request to its outcome")
        .tag("upstream", upstream.name())
        .tag("status", result.label())
        .publishPercentileHistogram()
        .register(registry)
        .record(latency);
  }

  void usage(String tenant, String tier, Usage usage, double costUsd) {
    tokens(tenant, tier, "input", usage.promptTokens());
    tokens(tenant, tier, "output", usage.completionTokens());
    Counter.builder(SPEND)
        .description("Spend in USD")
        .baseUnit("usd")
        .tag("tenant", tenant)
        .tag("tier", tier)
        .register(registry)
        .increment(costUsd);
  }

  private void tokens(String tenant, String tier, String direction, long count) {
    Counter.builder(TOKENS)
        .description("Tokens billed, by direction")
        .tag("tenant", tenant)
        .tag("tier", tier)
        .tag("direction", direction)
        .register(registry)
        .increment(count);
  }
}
