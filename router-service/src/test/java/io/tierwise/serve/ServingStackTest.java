package io.tierwise.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.gateway.FakeOpenAiUpstream;
import io.tierwise.gateway.RequestRecord;
import io.tierwise.gateway.SqliteRequestLog;
import io.tierwise.http.RouterState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code serve} stack over real sockets: the shipped router, the gateway wired from
 * {@code application.yaml}-style tiers to fake upstreams, and the durable request log.
 */
class ServingStackTest {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path dir;

  private static FakeOpenAiUpstream small;
  private static FakeOpenAiUpstream medium;
  private static FakeOpenAiUpstream large;
  private static ServingStack stack;

  @BeforeAll
  static void start() throws Exception {
    small = FakeOpenAiUpstream.start("small says hello");
    medium = FakeOpenAiUpstream.start("medium says hello");
    large = FakeOpenAiUpstream.start("large says hello");
    TierwiseSettings settings =
        TierwiseSettings.parse(
            "test",
            """
            server: {port: 0, access-log: false}
            router: {artifact: %s}
            gateway: {request-log: %s}
            tiers:
              - {name: small, base-url: %s, model: up-small, prices: {input: 0.2, output: 0.2}, retries: 0}
              - {name: medium, base-url: %s, model: up-medium, prices: {input: 0.6, output: 0.6}, retries: 0}
              - name: large
                base-url: %s
                model: up-large
                prices: {input: 10, output: 30}
                api-key-env: LARGE_KEY
            fallback-order: [large]
            tenants:
              default: {}
              frugal: {allowed-tiers: [small]}
            """
                .formatted(
                    HOME.resolve("models/default"),
                    dir.resolve("logs/requests.sqlite"),
                    small.baseUrl(),
                    medium.baseUrl(),
                    large.baseUrl()),
            Map.of("LARGE_KEY", "sk-test-large"));
    stack = ServingStack.start(settings, HOME);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (stack.routers().state() instanceof RouterState.Loading && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(
        stack.routers().state() instanceof RouterState.Ready, stack.routers().state().toString());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    for (FakeOpenAiUpstream upstream : new FakeOpenAiUpstream[] {small, medium, large}) {
      if (upstream != null) {
        upstream.close();
      }
    }
  }

  @Test
  void routesWithTheShippedRouter() throws Exception {
    HttpResponse<String> response =
        post("/v1/route", "{\"prompt\": \"Prove that there are infinitely many primes.\"}");
    assertEquals(200, response.statusCode(), response.body());
    JsonNode decision = JSON.readTree(response.body());
    String version =
        JSON.readTree(HOME.resolve("models/default/manifest.json").toFile())
            .get("version")
            .asText();
    assertEquals(version, decision.get("routerVersion").asText());
    assertEquals(3, decision.get("probabilities").size(), response.body());
  }

  @Test
  void autoCompletionGoesToTheChosenTiersUpstreamAndIsLogged() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            """
            {"model": "tierwise/auto", "messages": [{"role": "user", "content": "Say hello."}]}
            """);
    assertEquals(200, response.statusCode(), response.body());
    String tier = response.headers().firstValue("x-tierwise-tier").orElseThrow();
    String decisionId = response.headers().firstValue("x-tierwise-decision-id").orElseThrow();
    JsonNode body = JSON.readTree(response.body());
    assertEquals(
        tier + " says hello", body.get("choices").get(0).get("message").get("content").asText());
    assertEquals("up-" + tier, response.headers().firstValue("x-tierwise-model").orElseThrow());
    assertTrue(
        Double.parseDouble(response.headers().firstValue("x-tierwise-cost-usd").orElseThrow()) > 0);
    // The log is durable: a second connection to the file sees the record.
    try (SqliteRequestLog log = SqliteRequestLog.open(dir.resolve("logs/requests.sqlite"))) {
      RequestRecord record = log.find(decisionId).orElseThrow();
      assertEquals(tier, record.tier());
    }
  }

  @Test
  void aFailingTierFallsBackAlongTheConfiguredOrderWithoutRetrying() throws Exception {
    int before = small.received().size();
    small.then(new FakeOpenAiUpstream.Fail(500, "{\"error\":\"boom\"}", null));
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"model\": \"small\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
    assertEquals(200, response.statusCode(), response.body());
    // retries: 0 means one attempt at small, then the next tier up answers.
    assertEquals(before + 1, small.received().size());
    assertEquals("medium", response.headers().firstValue("x-tierwise-tier").orElseThrow());
  }

  @Test
  void theConfiguredApiKeyReachesOnlyItsUpstream() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"model\": \"large\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
    assertEquals(200, response.statusCode(), response.body());
    List<String> keys = large.authorizations();
    assertEquals("Bearer sk-test-large", keys.getLast());
    assertFalse(medium.authorizations().stream().anyMatch(a -> a.contains("sk-test")));
    HttpResponse<String> upstreams = get("/v1/upstreams");
    assertFalse(upstreams.body().contains("sk-test"), upstreams.body());
  }

  @Test
  void theTenantHeaderBringsTheTenantsAllowedTiers() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(stack.uri().resolve("/v1/chat/completions"))
                .header("x-tierwise-tenant", "frugal")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"tierwise/auto\", \"messages\": [{\"role\": \"user\","
                            + " \"content\": \"Prove Fermat's last theorem for n = 4.\"}]}")));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("small", response.headers().firstValue("x-tierwise-tier").orElseThrow());
  }

  @Test
  void anUnknownTenantIsRejectedInTheOpenAiErrorShape() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(stack.uri().resolve("/v1/chat/completions"))
                .header("x-tierwise-tenant", "nobody")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"tierwise/auto\", \"messages\": [{\"role\": \"user\","
                            + " \"content\": \"hi\"}]}")));
    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals("unknown_tenant", error.get("code").asText());
    assertTrue(error.get("message").asText().contains("nobody"), response.body());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(stack.uri().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.uri() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
