package io.tierwise.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tierwise.routing.RoutingDecision;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Routing meters: decisions per tier ({@code tierwise_route_decisions_total{tier,fail_safe}}),
 * decision latency ({@code tierwise_route_decision_seconds{mode}}), and the size and duration of
 * the router batches that micro-batching forms ({@code tierwise_route_batch_size}, {@code
 * tierwise_route_batch_seconds}).
 */
public final class RouteMetrics implements MicroBatcher.BatchListener {

  private final MeterRegistry registry;
  private final Timer singleLatency;
  private final Timer batchRequestLatency;
  private final DistributionSummary batchSize;
  private final Timer batchDuration;

  public RouteMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.singleLatency = decisionTimer("single");
    this.batchRequestLatency = decisionTimer("batch");
    this.batchSize =
        DistributionSummary.builder("tierwise.route.batch.size")
            .description("Prompts per router batch formed by micro-batching")
            .publishPercentileHistogram()
            .minimumExpectedValue(1.0)
            .maximumExpectedValue(4096.0)
            .register(registry);
    this.batchDuration =
        Timer.builder("tierwise.route.batch")
            .description("Time Router.routeAll took for one micro-batch")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
  }

  /** Records one decision made by {@code POST /v1/route}, {@code nanos} after the call arrived. */
  public void decided(RoutingDecision decision, long nanos) {
    count(decision);
    singleLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Records one decision made by {@code POST /v1/route:batch}. */
  public void decidedInBatch(RoutingDecision decision, long nanos) {
    count(decision);
    batchRequestLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void batchDone(int size, long nanos) {
    batchSize.record(size);
    batchDuration.record(nanos, TimeUnit.NANOSECONDS);
  }

  private void count(RoutingDecision decision) {
    Counter.builder("tierwise.route.decisions")
        .description("Routing decisions by chosen tier")
        .tag("tier", decision.tier())
        .tag("fail_safe", Boolean.toString(decision.failSafe()))
        .register(registry)
        .increment();
  }

  private Timer decisionTimer(String mode) {
    return Timer.builder("tierwise.route.decision")
        .description("Time from receiving a route request to its decision")
        .tag("mode", mode)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }
}
