package io.tierwise.http;

import static io.tierwise.http.TestClient.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.config.TierwiseSettings;
import io.tierwise.routing.Router;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.tier.Tier;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every way a route request can fail, each in the OpenAI error shape with its own code. */
class RouteApiErrorsTest {

  private static TierwiseServer server;
  private static TestClient client;

  @BeforeAll
  static void start() {
    server =
        TierwiseServer.start(
            TierwiseSettings.parse("test", RouteApiTest.SETTINGS, Map.of()),
            RouterSupplier.of(new LengthRouter()));
    client = new TestClient(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String routeError(String body, int status, String code) throws Exception {
    return assertError(client.post("/v1/route", body), status, code);
  }

  @Test
  void malformedJsonNamesLineAndColumn() throws Exception {
    assertEquals(
        "request body is not valid JSON at line 1, column 17: Unexpected character ('}' (code"
            + " 125)): was expecting double-quote to start field name",
        routeError("{\"prompt\": \"x\", }", 400, "invalid_json"));
    assertEquals(
        "request body is not valid JSON at line 3, column 3: Unexpected character ('\"' (code"
            + " 34)): was expecting comma to separate Object entries",
        routeError("{\n  \"prompt\": \"x\"\n  \"tenant\": \"acme\"\n}", 400, "invalid_json"));
  }

  @Test
  void trailingGarbageAndDuplicateKeysAreMalformed() throws Exception {
    routeError("{\"prompt\": \"x\"} {}", 400, "invalid_json");
    assertTrue(
        routeError("{\"prompt\": \"x\", \"prompt\": \"y\"}", 400, "invalid_json")
            .contains("Duplicate field 'prompt'"));
  }

  @Test
  void emptyBody() throws Exception {
    assertEquals(
        "request body is empty; expected a JSON object", routeError("", 400, "invalid_json"));
  }

  @Test
  void bodyThatIsNotAnObject() throws Exception {
    assertEquals(
        "request body must be a JSON object, got: an array",
        routeError("[1, 2]", 400, "invalid_request"));
  }

  @Test
  void unknownField() throws Exception {
    assertEquals(
        "unknown field 'promt'; known fields: prompt, messages, tenant, workflow, target,"
            + " allowedTiers, maxTier, metadata",
        routeError("{\"promt\": \"x\"}", 400, "invalid_request"));
  }

  @Test
  void missingOrDoublePrompt() throws Exception {
    assertEquals(
        "prompt or messages is required",
        routeError("{\"tenant\": \"acme\"}", 400, "invalid_request"));
    assertEquals(
        "give either prompt or messages, not both",
        routeError(
            "{\"prompt\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"y\"}]}",
            400,
            "invalid_request"));
    assertEquals(
        "prompt must be a string, got: a number",
        routeError("{\"prompt\": 7}", 400, "invalid_request"));
  }

  @Test
  void emptyPrompt() throws Exception {
    assertEquals(
        "prompt must not be empty", routeError("{\"prompt\": \"  \"}", 400, "empty_prompt"));
    assertEquals(
        "messages must contain a user message with text",
        routeError(
            "{\"messages\": [{\"role\": \"system\", \"content\": \"Be terse.\"}]}",
            400,
            "empty_prompt"));
  }

  @Test
  void malformedMessages() throws Exception {
    assertEquals(
        "messages must be a non-empty array of {role, content}, got: an empty array",
        routeError("{\"messages\": []}", 400, "invalid_request"));
    assertEquals(
        "messages[1].role must be a non-empty string",
        routeError(
            "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"content\": \"b\"}]}",
            400,
            "invalid_request"));
  }

  @Test
  void oversizedPrompt() throws Exception {
    assertEquals(
        "prompt has 1001 characters; the limit is 1000 (server.max-prompt-chars)",
        routeError("{\"prompt\": \"%s\"}".formatted("x".repeat(1001)), 400, "prompt_too_long"));
    assertEquals(
        "messages has 1200 characters; the limit is 1000 (server.max-prompt-chars)",
        routeError(
            "{\"messages\": [{\"role\": \"user\", \"content\": \"%s\"}, {\"role\": \"user\", \"content\": \"%s\"}]}"
                .formatted("a".repeat(600), "b".repeat(600)),
            400,
            "prompt_too_long"));
  }

  @Test
  void unknownTenant() throws Exception {
    assertEquals(
        "tenant names unknown tenant 'globex'; configured tenants: acme, premium",
        routeError("{\"prompt\": \"x\", \"tenant\": \"globex\"}", 400, "unknown_tenant"));
  }

  @Test
  void unknownTier() throws Exception {
    assertEquals(
        "allowedTiers[1] names unknown tier 'huge'; known tiers: small, medium, large",
        routeError(
            "{\"prompt\": \"x\", \"allowedTiers\": [\"small\", \"huge\"]}", 400, "unknown_tier"));
    assertEquals(
        "maxTier names unknown tier 'xl'; known tiers: small, medium, large",
        routeError("{\"prompt\": \"x\", \"maxTier\": \"xl\"}", 400, "unknown_tier"));
  }

  @Test
  void tierOutsideTheTenantsAllowance() throws Exception {
    assertEquals(
        "allowedTiers[0] names tier 'large', which tenant 'acme' may not use; allowed: small,"
            + " medium",
        routeError(
            "{\"prompt\": \"x\", \"tenant\": \"acme\", \"allowedTiers\": [\"large\"]}",
            400,
            "tier_not_allowed"));
  }

  @Test
  void constraintsThatExcludeEveryTier() throws Exception {
    assertEquals(
        "no tier is both allowed (large) and at or below maxTier 'small'; tiers cheapest first:"
            + " small, medium, large",
        routeError(
            "{\"prompt\": \"x\", \"allowedTiers\": [\"large\"], \"maxTier\": \"small\"}",
            400,
            "no_eligible_tier"));
  }

  @Test
  void invalidTarget() throws Exception {
    assertEquals(
        "target.quality: quality target must be a fraction of the top tier's quality in (0,"
            + " 1.5], got: 2.0",
        routeError("{\"prompt\": \"x\", \"target\": {\"quality\": 2}}", 400, "invalid_target"));
    assertEquals(
        "target must have one of quality or maxCostPer1k, not both",
        routeError(
            "{\"prompt\": \"x\", \"target\": {\"quality\": 0.9, \"maxCostPer1k\": 1}}",
            400,
            "invalid_request"));
  }

  @Test
  void bodyOverTheLimitByContentLength() throws Exception {
    String body = "{\"prompt\": \"%s\"}".formatted("x".repeat(5000));

    assertEquals(
        "request body is 5014 bytes; the limit is 4096 bytes (server.max-request-bytes)",
        routeError(body, 413, "request_too_large"));
  }

  @Test
  void chunkedBodyOverTheLimit() throws Exception {
    byte[] body = "{\"prompt\": \"%s\"}".formatted("x".repeat(5000)).getBytes();
    HttpRequest chunked =
        HttpRequest.newBuilder(server.uri().resolve("/v1/route"))
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();

    assertEquals(
        "request body is more than 4096 bytes; the limit is 4096 bytes"
            + " (server.max-request-bytes)",
        assertError(client.send(chunked), 413, "request_too_large"));
  }

  @Test
  void batchErrorsNameTheFailingRequest() throws Exception {
    assertEquals(
        "requests[1].prompt must not be empty",
        assertError(
            client.post(
                "/v1/route:batch", "{\"requests\": [{\"prompt\": \"a\"}, {\"prompt\": \"\"}]}"),
            400,
            "empty_prompt"));
    assertEquals(
        "requests has 5 entries; the limit is 4 (server.max-batch-requests)",
        assertError(
            client.post(
                "/v1/route:batch",
                "{\"requests\": [%s]}"
                    .formatted(String.join(", ", Collections.nCopies(5, "{\"prompt\": \"a\"}")))),
            400,
            "batch_too_large"));
    assertEquals(
        "requests must be a non-empty array of route requests",
        assertError(client.post("/v1/route:batch", "{\"requests\": []}"), 400, "invalid_request"));
  }

  @Test
  void unknownEndpoint() throws Exception {
    assertEquals(
        "no endpoint GET /v1/nothing", assertError(client.get("/v1/nothing"), 404, "not_found"));
    assertEquals(
        "no endpoint GET /v1/route", assertError(client.get("/v1/route"), 404, "not_found"));
  }

  @Test
  void routerNotReadyIs503WithRetryAfter() throws Exception {
    ControllableRouterSupplier routers = new ControllableRouterSupplier();
    try (TierwiseServer loading =
        TierwiseServer.start(
            TierwiseSettings.parse("test", RouteApiTest.SETTINGS, Map.of()), routers)) {
      TestClient loadingClient = new TestClient(loading.uri());

      HttpResponse<String> response = loadingClient.post("/v1/route", "{\"prompt\": \"x\"}");
      assertEquals("the router is still loading", assertError(response, 503, "router_not_ready"));
      assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());

      routers.set(new RouterState.Failed("artifact models/default has no manifest.json"));
      assertEquals(
          "the router failed to load: artifact models/default has no manifest.json",
          assertError(
              loadingClient.post("/v1/route", "{\"prompt\": \"x\"}"), 503, "router_not_ready"));
    }
  }

  @Test
  void anUnexpectedFailureIsA500WithoutDetails() throws Exception {
    Router broken =
        new Router() {
          @Override
          public RoutingDecision route(RoutingRequest request) {
            throw new IllegalStateException("secret detail: /etc/tierwise/key.pem");
          }

          @Override
          public List<RoutingDecision> routeAll(List<RoutingRequest> requests) {
            throw new IllegalStateException("secret detail: /etc/tierwise/key.pem");
          }

          @Override
          public List<Tier> tiers() {
            return LengthRouter.TIERS;
          }

          @Override
          public String version() {
            return "broken";
          }

          @Override
          public void close() {}
        };
    try (TierwiseServer failing =
        TierwiseServer.start(
            TierwiseSettings.parse("test", RouteApiTest.SETTINGS, Map.of()),
            RouterSupplier.of(broken))) {
      TestClient failingClient = new TestClient(failing.uri());

      for (String path : List.of("/v1/route", "/v1/route:batch")) {
        String body =
            path.endsWith("batch")
                ? "{\"requests\": [{\"prompt\": \"x\"}]}"
                : "{\"prompt\": \"x\"}";
        HttpResponse<String> response = failingClient.post(path, body);
        String message = assertError(response, 500, "internal_error");
        assertTrue(
            message.startsWith("internal error; the server log has the details under reference "),
            message);
        assertFalse(response.body().contains("secret"), response.body());
        assertFalse(response.body().contains("at io.tierwise"), response.body());
      }
    }
  }
}
