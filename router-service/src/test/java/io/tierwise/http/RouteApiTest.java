package io.tierwise.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.routing.Target;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/route} and {@code POST /v1/route:batch} over a real socket. */
class RouteApiTest {

  static final String SETTINGS =
      """
      server: {port: 0, access-log: false, max-request-bytes: 4096, max-prompt-chars: 1000,
               max-batch-requests: 4}
      tenants:
        acme:
          target: {quality: 0.9}
          allowed-tiers: [small, medium]
        premium:
          target: {quality: 0.99}
      """;

  private static LengthRouter router;
  private static TierwiseServer server;
  private static TestClient client;

  @BeforeAll
  static void start() {
    router = new LengthRouter();
    server =
        TierwiseServer.start(
            TierwiseSettings.parse("test", SETTINGS, Map.of()), RouterSupplier.of(router));
    client = new TestClient(server.uri());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RoutingRequest lastRouted() {
    List<List<RoutingRequest>> batches = router.batches();
    List<RoutingRequest> last = batches.get(batches.size() - 1);
    return last.get(last.size() - 1);
  }

  @Test
  void routesAPromptAndExplainsTheDecision() throws Exception {
    HttpResponse<String> response = client.post("/v1/route", "{\"prompt\": \"What is 2+2?\"}");

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
    JsonNode decision = TestClient.JSON.readTree(response.body());
    assertTrue(decision.get("id").asText().startsWith("d-"), response.body());
    assertEquals("small", decision.get("tier").asText());
    assertEquals("small-model", decision.get("model").asText());
    assertEquals(0.9, decision.get("probabilities").get("small").asDouble());
    assertEquals(3, decision.get("probabilities").size());
    assertEquals(
        LengthRouter.TIERS.get(2).priceUsd(3, 256),
        decision.get("estimatedCost").get("large").asDouble());
    assertEquals(200.0, decision.get("thresholds").get("large").asDouble());
    assertEquals("prompt has 12 characters", decision.get("reasons").get(0).asText());
    assertEquals("arc-17", decision.get("neighbours").get(0).get("id").asText());
    assertEquals(0.93, decision.get("neighbours").get(0).get("similarity").asDouble());
    assertEquals("length-router-1", decision.get("routerVersion").asText());
    assertFalse(decision.get("failSafe").asBoolean());
    assertTrue(decision.get("latencyMs").asDouble() >= 0, response.body());
  }

  @Test
  void passesConstraintsToTheRouter() throws Exception {
    JsonNode decision =
        client.postJson(
            "/v1/route",
            """
            {"prompt": "%s", "target": {"maxCostPer1k": 2.5}, "allowedTiers": ["small", "medium"],
             "maxTier": "medium", "workflow": "support", "metadata": {"ticket": 42}}
            """
                .formatted("x".repeat(300)),
            200);

    assertEquals("medium", decision.get("tier").asText());
    RoutingRequest routed = lastRouted();
    assertEquals(Optional.of(new Target.CostBudget(2.5)), routed.target());
    assertEquals(Set.of("small", "medium"), routed.allowedTiers());
    assertEquals(Optional.of("medium"), routed.maxTier());
  }

  @Test
  void appliesTheTenantsTargetAndAllowedTiers() throws Exception {
    JsonNode decision =
        client.postJson(
            "/v1/route",
            "{\"prompt\": \"%s\", \"tenant\": \"acme\"}".formatted("y".repeat(300)),
            200);

    assertEquals("medium", decision.get("tier").asText(), "large is not allowed for acme");
    assertEquals("target quality 0.9", decision.get("reasons").get(1).asText());
    assertEquals(Set.of("small", "medium"), lastRouted().allowedTiers());
  }

  @Test
  void aRequestTargetOverridesTheTenantDefault() throws Exception {
    JsonNode decision =
        client.postJson(
            "/v1/route",
            "{\"prompt\": \"short\", \"tenant\": \"premium\", \"target\": {\"quality\": 0.5}}",
            200);

    assertEquals("small", decision.get("tier").asText());
    assertEquals(Optional.of(new Target.Quality(0.5)), lastRouted().target());
  }

  @Test
  void scoresAConversationOnItsRecentTurns() throws Exception {
    client.postJson(
        "/v1/route",
        """
        {"messages": [
          {"role": "system", "content": "You are terse."},
          {"role": "user", "content": "Prove that sqrt(2) is irrational."},
          {"role": "assistant", "content": [{"type": "text", "text": "Assume sqrt(2) = p/q."}]},
          {"role": "user", "content": [{"type": "text", "text": "Now sqrt(3)."},
                                       {"type": "image_url", "image_url": {"url": "x"}}]}
        ]}
        """,
        200);

    assertEquals(
        "user: Prove that sqrt(2) is irrational.\n\nassistant: Assume sqrt(2) = p/q.\n\n"
            + "user: Now sqrt(3).",
        lastRouted().prompt());
  }

  @Test
  void aOneTurnConversationIsScoredLikeItsPrompt() throws Exception {
    client.postJson(
        "/v1/route", "{\"messages\": [{\"role\": \"user\", \"content\": \"What is 2+2?\"}]}", 200);

    assertEquals("What is 2+2?", lastRouted().prompt());
  }

  @Test
  void routesABatchInOneRouterCallInRequestOrder() throws Exception {
    String medium = "m".repeat(100);
    String large = "l".repeat(300);
    JsonNode body =
        client.postJson(
            "/v1/route:batch",
            """
            {"requests": [{"prompt": "tiny"}, {"prompt": "%s"}, {"prompt": "%s", "tenant": "acme"}]}
            """
                .formatted(medium, large),
            200);

    JsonNode decisions = body.get("decisions");
    assertEquals(3, decisions.size());
    assertEquals("small", decisions.get(0).get("tier").asText());
    assertEquals("medium", decisions.get(1).get("tier").asText());
    assertEquals("medium", decisions.get(2).get("tier").asText(), "acme may not use large");
    assertTrue(body.get("latencyMs").asDouble() >= 0);
    List<List<RoutingRequest>> batches = router.batches();
    assertEquals(
        List.of("tiny", medium, large),
        batches.get(batches.size() - 1).stream().map(RoutingRequest::prompt).toList(),
        "one routeAll call with all three prompts");
  }
}
