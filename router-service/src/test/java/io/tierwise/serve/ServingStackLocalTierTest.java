package io.tierwise.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.gateway.FakeOpenAiUpstream;
import io.tierwise.gateway.RequestRecord;
import io.tierwise.gateway.SqliteRequestLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with a {@code kind: local} tier in the configuration: the composition root loads
 * stories260k for tier {@code small}, which answers story prompts in-process and escalates a
 * finance question to {@code medium}'s (fake) upstream.
 */
class ServingStackLocalTierTest {

  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aLocalTierInTheConfigurationAnswersAndEscalatesThroughServe() throws Exception {
    Path model =
        Path.of(System.getProperty("tierwise.shared.dir", "../shared"), "models", "stories260k")
            .toAbsolutePath();
    assertTrue(Files.isRegularFile(model.resolve("model.onnx")), "stories260k not at " + model);
    Path log = dir.resolve("requests.sqlite");
    try (FakeOpenAiUpstream medium = FakeOpenAiUpstream.start("medium says hello");
        FakeOpenAiUpstream large = FakeOpenAiUpstream.start("large says hello")) {
      TierwiseSettings settings =
          TierwiseSettings.parse(
              "test",
              """
              server: {port: 0, access-log: false}
              router: {artifact: %s}
              gateway: {request-log: %s}
              tiers:
                - name: small
                  kind: local
                  model: stories260k
                  prices: {input: 0.01, output: 0.02}
                  max-output-tokens: 32
                  local:
                    model-dir: %s
                    confidence: {min-mean-logprob: -0.6}
                - {name: medium, base-url: %s, model: up-medium, prices: {input: 0.6, output: 0.6}, retries: 0}
                - {name: large, base-url: %s, model: up-large, prices: {input: 10, output: 30}, retries: 0}
              """
                  .formatted(
                      HOME.resolve("models/default"),
                      log,
                      model,
                      medium.baseUrl(),
                      large.baseUrl()),
              Map.of());
      String story;
      String finance;
      try (ServingStack stack = ServingStack.start(settings, HOME);
          HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> local =
            post(http, stack.uri(), "Once upon a time, there was a little girl");
        assertEquals(200, local.statusCode(), local.body());
        assertEquals("small", local.headers().firstValue("x-tierwise-tier").orElseThrow());
        assertEquals("local", local.headers().firstValue("x-tierwise-upstream").orElseThrow());
        JsonNode body = JSON.readTree(local.body());
        assertEquals(32, body.at("/usage/completion_tokens").asInt());
        int prompt = body.at("/usage/prompt_tokens").asInt();
        // Priced with the configured prices of the local tier, not the artifact's list prices.
        assertEquals(
            (prompt * 0.01 + 32 * 0.02) / 1e6,
            Double.parseDouble(local.headers().firstValue("x-tierwise-cost-usd").orElseThrow()),
            1e-15);
        story = local.headers().firstValue("x-tierwise-decision-id").orElseThrow();

        HttpResponse<String> escalated =
            post(
                http,
                stack.uri(),
                "What is the expected return of a leveraged ETF over a decade given volatility"
                    + " drag?");
        assertEquals(200, escalated.statusCode(), escalated.body());
        assertEquals(
            "small", escalated.headers().firstValue("x-tierwise-escalated-from").orElseThrow());
        assertEquals("medium", escalated.headers().firstValue("x-tierwise-tier").orElseThrow());
        assertEquals(1, medium.received().size());
        finance = escalated.headers().firstValue("x-tierwise-decision-id").orElseThrow();
      }
      try (SqliteRequestLog requests = SqliteRequestLog.open(log)) {
        RequestRecord answered = requests.find(story).orElseThrow();
        assertEquals("small", answered.tier());
        RequestRecord up = requests.find(finance).orElseThrow();
        assertEquals("medium", up.tier());
        assertEquals(
            "local_low_confidence", up.attempts().getFirst().result().label(), up.toString());
      }
    }
  }

  private static HttpResponse<String> post(HttpClient http, URI base, String prompt)
      throws Exception {
    String body =
        "{\"model\":\"small\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    return http.send(
        HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
