package io.tierwise.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Measures every request and writes its access-log line: request latency ({@code
 * tierwise_http_requests_seconds{method,route,status}}), errors ({@code
 * tierwise_http_errors_total{status,code}}). Routes are labelled by their pattern, never by the raw
 * path, so unknown paths cannot blow up label cardinality.
 */
public final class RequestTelemetry implements Filter {

  private final MeterRegistry registry;
  private final AccessLog accessLog;

  public RequestTelemetry(MeterRegistry registry, AccessLog accessLog) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
    Instant arrived = Instant.now();
    long start = System.nanoTime();
    RequestAudit audit = new RequestAudit();
    request.context().register(audit);
    try {
      chain.proceed();
    } finally {
      long nanos = System.nanoTime() - start;
      int status = response.status().code();
      String method = request.prologue().method().text();
      Timer.builder("tierwise.http.requests")
          .description("HTTP requests by route and status")
          .tag("method", method)
          .tag("route", request.matchingPattern().orElse("unmatched"))
          .tag("status", Integer.toString(status))
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(100_000))
          .maximumExpectedValue(Duration.ofSeconds(60))
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
      if (status >= 400) {
        Counter.builder("tierwise.http.errors")
            .description("HTTP error responses by status and error code")
            .tag("status", Integer.toString(status))
            .tag("code", audit.errorCode().orElse("none"))
            .register(registry)
            .increment();
      }
      if (accessLog.enabled()) {
        accessLog.write(
            new AccessLog.Entry(arrived, method, request.path().rawPath(), status, nanos, audit));
      }
    }
  }
}
