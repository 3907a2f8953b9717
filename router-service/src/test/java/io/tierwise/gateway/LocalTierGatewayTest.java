package io.tierwise.gateway;

import static io.tierwise.gateway.GatewayHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierwise.local.AnswerConfidence;
import io.tierwise.local.ConfidenceBasis;
import io.tierwise.local.ConfidenceCalibration;
import io.tierwise.local.ConfidenceExample;
import io.tierwise.local.ConfidenceGate;
import io.tierwise.local.GeneratedToken;
import io.tierwise.local.Generation;
import io.tierwise.local.GenerationRequest;
import io.tierwise.local.LocalAttempt;
import io.tierwise.local.LocalOutcome;
import io.tierwise.local.LocalTier;
import io.tierwise.local.LocalTierSettings;
import io.tierwise.local.OnnxDecoder;
import io.tierwise.local.SaturationPolicy;
import io.tierwise.local.TokenSink;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local tier inside the gateway, over real sockets: stories260k answers story prompts itself
 * and escalates off-domain questions to a fake upstream tier, streaming and not.
 */
class LocalTierGatewayTest {

  static final String STORY = "Once upon a time, there was a little girl";
  static final String FINANCE =
      "What is the expected return of a leveraged ETF over a decade given volatility drag?";

  /** Between stories260k's 32-token story answers (about -0.4) and finance ones (about -0.8). */
  static final double MIN_MEAN_LOGPROB = -0.6;

  static final Tier LOCAL = new Tier("local", "stories260k", 0.05, 0.1, TierKind.LOCAL);
  static final Tier SMALL = new Tier("small", "labelled/small-model", 0.1, 0.2, TierKind.REMOTE);

  @TempDir Path dir;

  @Test
  void storyPromptIsAnsweredLocallyWithUsageCostAndLogprobs() {
    try (Harness h = new Harness(dir, s -> s, Optional.empty())) {
      HttpResponse<String> res = h.post(chat(STORY, false, "\"logprobs\":true,\"top_logprobs\":3"));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("local", header(res, "x-tierwise-tier"));
      assertEquals("stories260k", header(res, "x-tierwise-model"));
      assertEquals("local", header(res, "x-tierwise-upstream"));
      assertEquals("mean-logprob", header(res, "x-tierwise-confidence-basis"));
      assertTrue(res.headers().firstValue("x-tierwise-escalated-from").isEmpty());
      JsonNode body = json(res.body());
      assertEquals("chat.completion", body.path("object").asText());
      String text = body.at("/choices/0/message/content").asText();
      assertTrue(text.startsWith(" named Lily"), text);
      assertEquals("length", body.at("/choices/0/finish_reason").asText());
      int promptTokens = body.at("/usage/prompt_tokens").asInt();
      assertEquals(32, body.at("/usage/completion_tokens").asInt());
      assertEquals(promptTokens + 32, body.at("/usage/total_tokens").asInt());

      JsonNode content = body.at("/choices/0/logprobs/content");
      assertEquals(32, content.size());
      double sum = 0;
      StringBuilder fromTokens = new StringBuilder();
      for (JsonNode token : content) {
        assertEquals(3, token.path("top_logprobs").size());
        // Greedy: the chosen token is the most likely one.
        assertEquals(
            token.path("logprob").asDouble(),
            token.at("/top_logprobs/0/logprob").asDouble(),
            1e-12);
        byte[] bytes = new byte[token.path("bytes").size()];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = (byte) token.path("bytes").get(i).asInt();
        }
        fromTokens.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        sum += token.path("logprob").asDouble();
      }
      assertEquals(text, fromTokens.toString());
      double mean = sum / 32;
      assertEquals(mean, Double.parseDouble(header(res, "x-tierwise-confidence")), 1e-9);
      assertTrue(mean >= MIN_MEAN_LOGPROB, "story mean logprob " + mean);
      double cost = (promptTokens * 0.05 + 32 * 0.1) / 1e6;
      assertEquals(cost, Double.parseDouble(header(res, "x-tierwise-cost-usd")), 1e-15);
      assertTrue(h.small.received().isEmpty(), "a confident local answer never calls upstream");

      RequestRecord row = h.log.find(header(res, "x-tierwise-decision-id")).orElseThrow();
      assertEquals("local", row.tier());
      assertEquals("local", row.upstream());
      assertEquals(RequestOutcome.COMPLETED, row.outcome());
      assertEquals(cost, row.costUsd(), 1e-15);
      assertEquals(new Usage(promptTokens, 32, false), row.usage());
      AttemptResult.Local attempt = (AttemptResult.Local) row.attempts().getFirst().result();
      assertEquals(1, row.attempts().size());
      assertEquals(LocalOutcome.ANSWERED, attempt.outcome());
      assertEquals(cost, attempt.costUsd(), 1e-15);
      assertEquals(mean, attempt.confidence().getAsDouble(), 1e-9);

      LocalAttempt reported = h.onlyAttempt();
      assertEquals(row.decisionId(), reported.decisionId());
      assertEquals(LocalOutcome.ANSWERED, reported.outcome());
      assertFalse(reported.escalated());
      assertEquals(32, reported.completionTokens());
      assertEquals(mean, reported.meanLogprob().getAsDouble(), 1e-9);
      assertTrue(reported.minLogprob().getAsDouble() <= mean);
      assertTrue(reported.probabilityGood().isEmpty(), "no calibration configured");
      assertEquals(cost, reported.costUsd(), 1e-15);
    }
  }

  @Test
  void financeQuestionEscalatesToTheNextTierAndBothAttemptsAreLogged() {
    try (Harness h = new Harness(dir, s -> s, Optional.empty())) {
      HttpResponse<String> res = h.post(chat(FINANCE, false, ""));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("local", header(res, "x-tierwise-escalated-from"));
      assertEquals("small", header(res, "x-tierwise-tier"));
      assertEquals("small-local", header(res, "x-tierwise-upstream"));
      assertEquals("2", header(res, "x-tierwise-attempts"));
      assertEquals(h.small.answer(), json(res.body()).at("/choices/0/message/content").asText());
      assertEquals(1, h.small.received().size());
      // The upstream gets the client's request, not the discarded local answer.
      assertEquals(FINANCE, h.small.received().getFirst().at("/messages/0/content").asText());

      RequestRecord row = h.log.find(header(res, "x-tierwise-decision-id")).orElseThrow();
      assertEquals("local", row.routedTier());
      assertEquals("small", row.tier());
      assertEquals(RequestOutcome.COMPLETED, row.outcome());
      assertEquals(2, row.attempts().size());
      AttemptResult.Local local = (AttemptResult.Local) row.attempts().get(0).result();
      assertEquals("local", row.attempts().get(0).tier());
      assertEquals(LocalOutcome.LOW_CONFIDENCE, local.outcome());
      assertEquals(32, local.completionTokens());
      assertEquals(
          (local.promptTokens() * 0.05 + 32 * 0.1) / 1e6, local.costUsd(), 1e-15, "local cost");
      assertTrue(local.confidence().getAsDouble() < MIN_MEAN_LOGPROB, local.toString());
      assertEquals(new AttemptResult.Status(200), row.attempts().get(1).result());
      double smallCost =
          (FakeOpenAiUpstream.PROMPT_TOKENS * 0.1 + h.small.answerTokens() * 0.2) / 1e6;
      assertEquals(smallCost, row.costUsd(), 1e-15, "the row's cost is the serving tier's");

      LocalAttempt reported = h.onlyAttempt();
      assertEquals(LocalOutcome.LOW_CONFIDENCE, reported.outcome());
      assertTrue(reported.escalated());
      assertEquals(local.costUsd(), reported.costUsd(), 1e-15);
      assertEquals(1, h.counter("local", "low_confidence", "true"));
    }
  }

  @Test
  void streamedStoryIsJudgedOnItsFirstTokensThenStreamedLocally() {
    try (Harness h = new Harness(dir, s -> s, Optional.empty())) {
      String expected =
          json(h.post(chat(STORY, false, "")).body()).at("/choices/0/message/content").asText();

      HttpResponse<String> res =
          h.post(
              chat(STORY, true, "\"logprobs\":true,\"stream_options\":{\"include_usage\":true}"));

      assertEquals(200, res.statusCode(), res.body());
      assertTrue(header(res, "content-type").startsWith("text/event-stream"));
      assertEquals("local", header(res, "x-tierwise-tier"));
      List<String> events = events(res.body());
      assertEquals("[DONE]", events.getLast());
      JsonNode first = json(events.getFirst());
      assertEquals("chat.completion.chunk", first.path("object").asText());
      assertEquals("assistant", first.at("/choices/0/delta/role").asText());
      assertEquals(expected, content(events));
      int logprobs = 0;
      for (String event : events.subList(0, events.size() - 1)) {
        logprobs += json(event).at("/choices/0/logprobs/content").size();
      }
      assertEquals(32, logprobs, "every generated token's logprob, once");
      JsonNode last = json(events.get(events.size() - 3));
      assertEquals("length", last.at("/choices/0/finish_reason").asText());
      JsonNode usage = json(events.get(events.size() - 2));
      assertEquals(32, usage.at("/usage/completion_tokens").asInt());
      assertTrue(usage.at("/tierwise/cost_usd").asDouble() > 0);
      assertTrue(h.small.received().isEmpty());

      RequestRecord row = h.log.find(header(res, "x-tierwise-decision-id")).orElseThrow();
      assertTrue(row.stream());
      assertEquals(RequestOutcome.COMPLETED, row.outcome());
      assertEquals(32, row.usage().completionTokens());
      LocalAttempt reported = h.attempts.getLast();
      assertTrue(reported.stream());
      assertEquals(LocalOutcome.ANSWERED, reported.outcome());
      assertEquals(
          LocalTierSettings.DEFAULT_STREAM_PROBE_TOKENS,
          reported.verdict().orElseThrow().tokenCount(),
          "a stream is judged on its probe tokens");
    }
  }

  @Test
  void streamedFinanceQuestionEscalatesBeforeAnyLocalByteIsSent() {
    try (Harness h = new Harness(dir, s -> s, Optional.empty())) {
      HttpResponse<String> res =
          h.post(chat(FINANCE, true, "\"stream_options\":{\"include_usage\":true}"));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("local", header(res, "x-tierwise-escalated-from"));
      assertEquals("small", header(res, "x-tierwise-tier"));
      List<String> events = events(res.body());
      assertEquals(h.small.answer(), content(events));
      for (String event : events.subList(0, events.size() - 1)) {
        assertEquals("small-instruct", json(event).path("model").asText(), event);
      }

      RequestRecord row = h.log.find(header(res, "x-tierwise-decision-id")).orElseThrow();
      AttemptResult.Local local = (AttemptResult.Local) row.attempts().getFirst().result();
      assertEquals(LocalOutcome.LOW_CONFIDENCE, local.outcome());
      assertEquals(LocalTierSettings.DEFAULT_STREAM_PROBE_TOKENS, local.completionTokens());
      assertEquals(new AttemptResult.Status(200), row.attempts().get(1).result());
      assertTrue(h.onlyAttempt().escalated());
    }
  }

  @Test
  void saturatedPoolConfiguredToRefuseAnswers429Fast() throws Exception {
    try (Harness h = new Harness(dir, s -> s.withPool(1, 0), Optional.empty())) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Generation> busy = h.occupyTheOnlyWorker(release);
      try {
        HttpResponse<String> res = h.post(chat(STORY, false, ""));

        assertEquals(429, res.statusCode(), res.body());
        assertEquals("1", header(res, "retry-after"));
        JsonNode error = json(res.body()).path("error");
        assertEquals("local_tier_saturated", error.path("code").asText());
        assertEquals("rate_limit_error", error.path("type").asText());
        assertTrue(h.small.received().isEmpty(), "refuse means no escalation");
        RequestRecord row = h.log.find(header(res, "x-tierwise-decision-id")).orElseThrow();
        assertEquals(RequestOutcome.LOCAL_TIER_SATURATED, row.outcome());
        assertEquals(429, row.status());
        assertEquals(
            LocalOutcome.SATURATED,
            ((AttemptResult.Local) row.attempts().getFirst().result()).outcome());
        LocalAttempt reported = h.onlyAttempt();
        assertEquals(LocalOutcome.SATURATED, reported.outcome());
        assertFalse(reported.escalated());
      } finally {
        release.countDown();
      }
      busy.join();
      assertEquals(200, h.post(chat(STORY, false, "")).statusCode(), "free again once released");
    }
  }

  @Test
  void saturatedPoolConfiguredToEscalateSendsTheRequestUp() throws Exception {
    try (Harness h =
        new Harness(
            dir,
            s -> s.withPool(1, 0).withWhenSaturated(SaturationPolicy.ESCALATE),
            Optional.empty())) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Generation> busy = h.occupyTheOnlyWorker(release);
      try {
        HttpResponse<String> res = h.post(chat(STORY, true, ""));

        assertEquals(200, res.statusCode(), res.body());
        assertEquals("local", header(res, "x-tierwise-escalated-from"));
        assertEquals(h.small.answer(), content(events(res.body())));
        RequestRecord row = h.log.find(header(res, "x-tierwise-decision-id")).orElseThrow();
        assertEquals(
            List.of("local_saturated", "200"),
            row.attempts().stream().map(a -> a.result().label()).toList());
        assertTrue(h.onlyAttempt().escalated());
      } finally {
        release.countDown();
      }
      busy.join();
    }
  }

  @Test
  void calibrationInTheRouterArtifactDecidesWithProbabilityGood() throws IOException {
    Path artifact = Files.createDirectories(dir.resolve("router-artifact"));
    Files.writeString(artifact.resolve(ConfidenceGate.ARTIFACT_FILE), fitCalibration().toJson());
    try (Harness h = new Harness(dir, s -> s, Optional.of(artifact))) {
      assertEquals(ConfidenceBasis.CALIBRATED, h.local.gate().basis());

      HttpResponse<String> story = h.post(chat(STORY, false, ""));
      assertEquals("local", header(story, "x-tierwise-tier"), story.body());
      assertEquals("calibrated", header(story, "x-tierwise-confidence-basis"));
      double pStory = Double.parseDouble(header(story, "x-tierwise-confidence"));
      assertTrue(pStory >= LocalTierSettings.DEFAULT_MIN_PROBABILITY_GOOD, "P(good) " + pStory);

      HttpResponse<String> finance = h.post(chat(FINANCE, false, ""));
      assertEquals("local", header(finance, "x-tierwise-escalated-from"));
      LocalAttempt escalated = h.attempts.getLast();
      double pFinance = escalated.probabilityGood().getAsDouble();
      assertTrue(pFinance < LocalTierSettings.DEFAULT_MIN_PROBABILITY_GOOD, "P(good) " + pFinance);
      assertTrue(pStory > pFinance + 0.3, pStory + " vs " + pFinance);
    }
  }

  @Test
  void aPromptLongerThanTheLocalContextEscalatesAsAFailedAttempt() {
    try (Harness h = new Harness(dir, s -> s, Optional.empty())) {
      // About 1,000 tokens; stories260k's context is 512.
      HttpResponse<String> res = h.post(chat("Once upon a time ".repeat(200), true, ""));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("local", header(res, "x-tierwise-escalated-from"));
      assertEquals(h.small.answer(), content(events(res.body())));
      RequestRecord row = h.log.find(header(res, "x-tierwise-decision-id")).orElseThrow();
      assertEquals(
          List.of("local_failed", "200"),
          row.attempts().stream().map(a -> a.result().label()).toList());
      LocalAttempt reported = h.onlyAttempt();
      assertEquals(LocalOutcome.FAILED, reported.outcome());
      assertTrue(reported.escalated());
      assertTrue(reported.verdict().isEmpty());
    }
  }

  @Test
  void requestFieldsTheLocalTierCannotHonourAre400() {
    try (Harness h = new Harness(dir, s -> s, Optional.empty())) {
      HttpResponse<String> res = h.post(chat(STORY, false, "\"top_logprobs\":2"));

      assertEquals(400, res.statusCode(), res.body());
      JsonNode error = json(res.body()).path("error");
      assertEquals("invalid_request_error", error.path("type").asText());
      assertEquals("invalid_top_logprobs", error.path("code").asText());
      HttpResponse<String> n = h.post(chat(STORY, false, "\"n\":2"));
      assertEquals(400, n.statusCode(), n.body());
      assertEquals("unsupported_n", json(n.body()).at("/error/code").asText());
      assertTrue(h.small.received().isEmpty());
    }
  }

  @Test
  void aLocalTierWithoutARemoteTierAboveIsAConfigurationError(@TempDir Path other) {
    FixedRouter onlyLocal = new FixedRouter(List.of(SMALL, LOCAL), "local");
    try (FakeOpenAiUpstream small = FakeOpenAiUpstream.start("x");
        LocalTier local = LocalTier.open("local", settings(), Optional.empty());
        SqliteRequestLog log = SqliteRequestLog.open(other.resolve("r.db"))) {
      GatewayConfigException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              GatewayConfigException.class,
              () ->
                  ChatCompletionsService.builder()
                      .router(onlyLocal)
                      .settings(
                          GatewaySettings.of(
                              List.of(
                                  UpstreamSettings.of(
                                      "small-local", "small", small.baseUrl(), "m"))))
                      .requestLog(log)
                      .meterRegistry(new SimpleMeterRegistry())
                      .localTiers(Map.of("local", local))
                      .build());
      assertTrue(e.getMessage().contains("no remote tier above it"), e.getMessage());
    }
  }

  // ---- fixtures ----

  static Path stories260k() {
    Path model =
        Path.of(System.getProperty("tierwise.shared.dir", "../shared"), "models", "stories260k");
    assertTrue(Files.isRegularFile(model.resolve("model.onnx")), "stories260k not at " + model);
    return model;
  }

  static LocalTierSettings settings() {
    return LocalTierSettings.of(stories260k(), 32)
        .withConfidence(
            Optional.empty(),
            LocalTierSettings.DEFAULT_MIN_PROBABILITY_GOOD,
            MIN_MEAN_LOGPROB,
            LocalTierSettings.DEFAULT_STREAM_PROBE_TOKENS);
  }

  /**
   * A calibration fitted on stories260k's own answers: story openings labelled good, questions from
   * other domains labelled bad (the two test prompts are not among them).
   */
  static ConfidenceCalibration fitCalibration() {
    List<String> good =
        List.of(
            "Once upon a time",
            "Lily wanted to play with her ball",
            "Tom and his mom went to the park",
            "One day, a little cat",
            "The little bird was sad because",
            "Sam had a red ball. He");
    List<String> bad =
        List.of(
            "The quarterly revenue of the semiconductor company",
            "Explain the tax implications of selling stock options before they vest.",
            "What is the capital of France?",
            "Derive the gradient of the cross-entropy loss with respect to the logits.",
            "How do interest rate swaps hedge duration risk in a bond portfolio?",
            "List the steps to configure TLS mutual authentication in nginx.");
    List<ConfidenceExample> examples = new ArrayList<>();
    try (OnnxDecoder decoder = OnnxDecoder.load(stories260k())) {
      for (String prompt : good) {
        examples.add(new ConfidenceExample(confidence(decoder, prompt), true));
      }
      for (String prompt : bad) {
        examples.add(new ConfidenceExample(confidence(decoder, prompt), false));
      }
    }
    return ConfidenceCalibration.fit(examples, 1.0);
  }

  private static AnswerConfidence confidence(OnnxDecoder decoder, String prompt) {
    return AnswerConfidence.of(decoder.generate(GenerationRequest.of(prompt, 32)).tokens());
  }

  static String chat(String prompt, boolean stream, String extraFields) {
    return "{\"model\":\"tierwise/auto\",\"stream\":"
        + stream
        + ",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":"
        + quote(prompt)
        + "}]"
        + (extraFields.isEmpty() ? "" : "," + extraFields)
        + "}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String header(HttpResponse<String> res, String name) {
    return res.headers()
        .firstValue(name)
        .orElseThrow(() -> new AssertionError("no header " + name + " in " + res.headers().map()));
  }

  static List<String> events(String body) {
    return Arrays.stream(body.split("\n\n"))
        .map(String::strip)
        .filter(e -> e.startsWith("data: "))
        .map(e -> e.substring("data: ".length()))
        .toList();
  }

  static String content(List<String> events) {
    StringBuilder text = new StringBuilder();
    for (String event : events) {
      if (!event.equals("[DONE]")) {
        for (JsonNode choice : json(event).path("choices")) {
          text.append(choice.path("delta").path("content").asText(""));
        }
      }
    }
    return text.toString();
  }

  /**
   * Tiers {@code local} (stories260k, in-process) and {@code small} (a fake upstream), the router
   * always choosing {@code local}, and the gateway on a free loopback port.
   */
  static final class Harness implements AutoCloseable {
    final FakeOpenAiUpstream small = FakeOpenAiUpstream.start("small says hello there");
    final List<LocalAttempt> attempts = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final LocalTier local;
    final SqliteRequestLog log;
    final ChatCompletionsService service;
    final WebServer server;
    final HttpClient client = HttpClient.newHttpClient();

    Harness(Path dir, UnaryOperator<LocalTierSettings> tweak, Optional<Path> routerArtifact) {
      local = LocalTier.open("local", tweak.apply(settings()), routerArtifact);
      log = SqliteRequestLog.open(dir.resolve("requests-" + System.nanoTime() + ".db"));
      service =
          ChatCompletionsService.builder()
              .router(new FixedRouter(List.of(LOCAL, SMALL), "local"))
              .settings(
                  new GatewaySettings(
                      List.of(
                          UpstreamSettings.of(
                                  "small-local", "small", small.baseUrl(), "small-instruct")
                              .withRetry(GatewayHarness.TEST_RETRY)
                              .withTimeouts(GatewayHarness.TEST_TIMEOUTS)),
                      GatewaySettings.DEFAULT_REQUEST_TIMEOUT,
                      1))
              .requestLog(log)
              .meterRegistry(registry)
              .localTiers(Map.of("local", local))
              .localAttemptListener(attempts::add)
              .build();
      server =
          WebServer.builder()
              .host("127.0.0.1")
              .port(0)
              .routing(routing -> routing.register(service))
              .build()
              .start();
    }

    HttpResponse<String> post(String body) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Holds the pool's only worker inside a generation until {@code release} opens. */
    CompletableFuture<Generation> occupyTheOnlyWorker(CountDownLatch release) {
      return local.submit(
          GenerationRequest.of("Once upon a time", 2),
          new TokenSink() {
            @Override
            public void onToken(GeneratedToken token) {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
    }

    LocalAttempt onlyAttempt() {
      assertEquals(1, attempts.size(), attempts.toString());
      return attempts.getFirst();
    }

    double counter(String tier, String outcome, String escalated) {
      var counter =
          registry
              .find(GatewayMetrics.LOCAL_ATTEMPTS)
              .tags("tier", tier, "outcome", outcome, "escalated", escalated)
              .counter();
      return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
      server.stop();
      service.close();
      log.close();
      local.close();
      small.close();
      client.close();
    }
  }
}
