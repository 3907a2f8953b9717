package io.tierwise.http;

import static io.tierwise.http.TestClient.assertError;
import static io.tierwise.http.TestClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tierwise.config.TierwiseSettings;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health probes, Prometheus metrics, the access log, and services added by other packages. */
class OperationsTest {

  /** Stands in for the gateway: its own endpoint and meter, on the server's registry. */
  private static final class ModelsService implements HttpService {
    private final Counter listed;

    ModelsService(MeterRegistry registry) {
      listed = Counter.builder("tierwise.gateway.models.listed").register(registry);
    }

    @Override
    public void routing(HttpRules rules) {
      rules
          .get(
              "/v1/models",
              (req, res) -> {
                listed.increment();
                RequestAudit.of(req).tenant("gateway-tenant");
                res.header("Content-Type", "application/json").send("{\"data\": []}");
              })
          .post(
              "/v1/chat/completions",
              (req, res) -> {
                throw new ApiException(502, "upstream_error", "tier 'large' upstream answered 500");
              });
    }
  }

  private final List<String> accessLines = new ArrayList<>();
  private ControllableRouterSupplier routers;
  private TierwiseServer server;
  private TestClient client;

  @BeforeEach
  void start() {
    routers = new ControllableRouterSupplier();
    PrometheusMeterRegistry registry = TierwiseServer.newMeterRegistry();
    server =
        TierwiseServer.builder(
                TierwiseSettings.parse("test", RouteApiTest.SETTINGS, Map.of()), routers)
            .meterRegistry(registry)
            .accessLog(
                AccessLog.to(
                    line -> {
                      synchronized (accessLines) {
                        accessLines.add(line);
                      }
                    }))
            .register(new ModelsService(registry))
            .start();
    client = new TestClient(server.uri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private List<String> accessLines() {
    synchronized (accessLines) {
      return List.copyOf(accessLines);
    }
  }

  private Optional<JsonNode> accessLineFor(String path) throws Exception {
    List<String> lines =
        eventually(this::accessLines, l -> l.stream().anyMatch(s -> s.contains(path)));
    for (String line : lines) {
      JsonNode json = TestClient.JSON.readTree(line);
      if (json.get("path").asText().equals(path)) {
        return Optional.of(json);
      }
    }
    return Optional.empty();
  }

  private String metrics() {
    try {
      HttpResponse<String> response = client.get("/metrics");
      assertEquals(200, response.statusCode());
      assertEquals(
          MetricsService.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
      return response.body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void livenessIsUpEvenWhileTheRouterLoads() throws Exception {
    HttpResponse<String> response = client.get("/health");

    assertEquals(200, response.statusCode());
    assertEquals("{\"status\":\"up\"}", response.body());
  }

  @Test
  void readinessFollowsTheRouterSupplier() throws Exception {
    HttpResponse<String> loading = client.get("/health/ready");
    assertEquals(503, loading.statusCode());
    assertEquals("{\"status\":\"loading\"}", loading.body());

    routers.set(new RouterState.Failed("no embedder model at models/minilm"));
    HttpResponse<String> failed = client.get("/health/ready");
    assertEquals(503, failed.statusCode());
    assertEquals(
        "{\"status\":\"failed\",\"reason\":\"no embedder model at models/minilm\"}", failed.body());

    routers.ready(new LengthRouter());
    HttpResponse<String> ready = client.get("/health/ready");
    assertEquals(200, ready.statusCode());
    assertEquals(
        "{\"status\":\"ready\",\"routerVersion\":\"length-router-1\","
            + "\"tiers\":[\"small\",\"medium\",\"large\"]}",
        ready.body());
  }

  @Test
  void metricsExposeDecisionsLatenciesErrorsAndOtherServicesMeters() throws Exception {
    routers.ready(new LengthRouter());
    client.postJson("/v1/route", "{\"prompt\": \"short\"}", 200);
    client.postJson("/v1/route", "{\"prompt\": \"%s\"}".formatted("x".repeat(300)), 200);
    client.postJson(
        "/v1/route:batch", "{\"requests\": [{\"prompt\": \"a\"}, {\"prompt\": \"b\"}]}", 200);
    assertError(client.post("/v1/route", "{\"prompt\": \"\"}"), 400, "empty_prompt");
    client.get("/v1/models");

    String metrics =
        eventually(
            this::metrics,
            m ->
                m.contains("tierwise_http_errors_total{code=\"empty_prompt\",status=\"400\"} 1.0"));

    assertTrue(
        metrics.contains("tierwise_route_decisions_total{fail_safe=\"false\",tier=\"small\"} 3.0"),
        metrics);
    assertTrue(
        metrics.contains("tierwise_route_decisions_total{fail_safe=\"false\",tier=\"large\"} 1.0"),
        metrics);
    assertTrue(
        metrics.contains("tierwise_route_decision_seconds_count{mode=\"single\"} 2"), metrics);
    assertTrue(
        metrics.contains("tierwise_route_decision_seconds_count{mode=\"batch\"} 2"), metrics);
    assertTrue(
        metrics.contains("tierwise_route_decision_seconds_bucket{mode=\"single\",le="), metrics);
    assertTrue(metrics.contains("tierwise_route_batch_size_count 2"), metrics);
    assertTrue(
        metrics.contains(
            "tierwise_http_requests_seconds_count{method=\"POST\",route=\"/v1/route\",status=\"200\"} 2"),
        metrics);
    assertTrue(
        metrics.contains("tierwise_http_errors_total{code=\"empty_prompt\",status=\"400\"} 1.0"),
        metrics);
    assertTrue(metrics.contains("tierwise_router_ready 1.0"), metrics);
    assertTrue(metrics.contains("tierwise_gateway_models_listed_total 1.0"), metrics);
    assertTrue(metrics.contains("jvm_memory_used_bytes"), metrics);
  }

  @Test
  void writesOneJsonAccessLinePerRequest() throws Exception {
    routers.ready(new LengthRouter());
    JsonNode decision =
        client.postJson(
            "/v1/route", "{\"prompt\": \"hi\", \"tenant\": \"acme\", \"workflow\": \"faq\"}", 200);
    assertError(client.post("/v1/route", "{\"prompt\": 1}"), 400, "invalid_request");
    client.postJson(
        "/v1/route:batch", "{\"requests\": [{\"prompt\": \"a\"}, {\"prompt\": \"b\"}]}", 200);

    JsonNode routed = accessLineFor("/v1/route").orElseThrow();
    assertEquals("POST", routed.get("method").asText());
    assertEquals(200, routed.get("status").asInt());
    assertTrue(routed.get("latencyMs").asDouble() >= 0);
    assertEquals("acme", routed.get("tenant").asText());
    assertEquals("faq", routed.get("workflow").asText());
    assertEquals(decision.get("id").asText(), routed.get("decisionId").asText());
    assertTrue(routed.get("ts").asText().endsWith("Z"), routed.toString());

    List<String> lines = eventually(this::accessLines, l -> l.size() >= 3);
    JsonNode failed = TestClient.JSON.readTree(lines.get(1));
    assertEquals(400, failed.get("status").asInt());
    assertEquals("invalid_request", failed.get("error").asText());
    JsonNode batch = TestClient.JSON.readTree(lines.get(2));
    assertEquals("/v1/route:batch", batch.get("path").asText());
    assertEquals(2, batch.get("batchSize").asInt());
  }

  @Test
  void addedServicesShareErrorMappingAndAccessLog() throws Exception {
    HttpResponse<String> models = client.get("/v1/models");
    assertEquals(200, models.statusCode());
    assertEquals(
        "gateway-tenant", accessLineFor("/v1/models").orElseThrow().get("tenant").asText());

    assertEquals(
        "tier 'large' upstream answered 500",
        assertError(client.post("/v1/chat/completions", "{}"), 502, "upstream_error"));
  }
}
