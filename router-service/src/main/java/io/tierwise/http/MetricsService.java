package io.tierwise.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * {@code GET /metrics}: every meter on the shared registry (Tierwise's own, and whatever other
 * services such as the gateway registered) in the Prometheus text format.
 */
public final class MetricsService implements HttpService {

  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  public MetricsService(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/metrics", this::scrape);
  }

  private void scrape(ServerRequest request, ServerResponse response) {
    response.header("Content-Type", CONTENT_TYPE);
    response.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
  }
}
