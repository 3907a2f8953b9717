package io.tierwise.gateway;

import static io.tierwise.gateway.GatewayHarness.chat;
import static io.tierwise.gateway.GatewayHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tierwise.gateway.FakeOpenAiUpstream.Answer;
import io.tierwise.gateway.FakeOpenAiUpstream.Delay;
import io.tierwise.gateway.FakeOpenAiUpstream.DropBeforeFirstEvent;
import io.tierwise.gateway.FakeOpenAiUpstream.DropMidStream;
import io.tierwise.gateway.FakeOpenAiUpstream.Fail;
import io.tierwise.gateway.FakeOpenAiUpstream.StallMidStream;
import io.tierwise.gateway.FakeOpenAiUpstream.StreamAfterRelease;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over real sockets: fake upstreams, a Helidon server and the JDK HTTP client. */
class ChatCompletionsServiceTest {

  private static final String ERROR_503 =
      "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":null}}";

  @TempDir Path dir;

  @Test
  void autoRoutesAndReturnsUsageHeadersCostAndLogRow() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      HttpResponse<String> res =
          h.post(
              chat("tierwise/auto", false, ""),
              "x-tierwise-tenant",
              "acme",
              "x-tierwise-workflow",
              "faq");

      assertEquals(200, res.statusCode(), res.body());
      JsonNode body = json(res.body());
      assertEquals(h.small.answer(), body.at("/choices/0/message/content").asText());
      assertEquals(FakeOpenAiUpstream.PROMPT_TOKENS, body.at("/usage/prompt_tokens").asInt());
      assertEquals(4, body.at("/usage/completion_tokens").asInt());
      assertEquals("small", header(res, "x-tierwise-tier"));
      assertEquals("small-instruct", header(res, "x-tierwise-model"));
      assertEquals("decision-1", header(res, "x-tierwise-decision-id"));
      // 7 input tokens at $0.1/M + 4 output tokens at $0.2/M
      assertEquals("0.0000015", header(res, "x-tierwise-cost-usd"));
      assertEquals("false", header(res, "x-tierwise-usage-estimated"));
      assertEquals(
          List.of("system: Be brief.\n\nuser: What is the capital of France?"), h.router.prompts());
      assertEquals("small-instruct", h.small.received().getFirst().path("model").asText());

      assertEquals(
          7,
          h.counter(
              GatewayMetrics.TOKENS, "tenant", "acme", "tier", "small", "direction", "input"));
      assertEquals(
          4,
          h.counter(
              GatewayMetrics.TOKENS, "tenant", "acme", "tier", "small", "direction", "output"));
      assertEquals(
          1.5e-6, h.counter(GatewayMetrics.SPEND, "tenant", "acme", "tier", "small"), 1e-12);

      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals("acme", row.tenant());
      assertEquals("faq", row.workflow());
      assertEquals("tierwise/auto", row.requestedModel());
      assertEquals("small", row.tier());
      assertEquals("small-instruct", row.model());
      assertEquals(RequestOutcome.COMPLETED, row.outcome());
      assertEquals(new Usage(7, 4, false), row.usage());
      assertEquals(1.5e-6, row.costUsd(), 1e-15);
      assertEquals(List.of(new AttemptResult.Status(200)), results(row));
    }
  }

  @Test
  void retriesServerErrorWithJitteredBackoffThenSucceeds() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      h.small.then(new Fail(503, ERROR_503, null));

      HttpResponse<String> res = h.post(chat("tierwise/auto", false, ""));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals(2, h.small.received().size());
      assertEquals(0, h.large.received().size());
      // full jitter with random() = 0.5 over a 100 ms base backoff
      assertEquals(List.of(Duration.ofMillis(50)), h.sleeps);
      assertEquals("2", header(res, "x-tierwise-attempts"));
      assertEquals(1, h.counter(GatewayMetrics.RETRIES, "upstream", "small-local"));
      assertEquals(
          1, h.counter(GatewayMetrics.UPSTREAM_ERRORS, "upstream", "small-local", "status", "503"));
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals(
          List.of(new AttemptResult.Status(503), new AttemptResult.Status(200)), results(row));
    }
  }

  @Test
  void passesBadRequestThroughWithoutRetryOrFallback() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      h.small.then(
          new Fail(
              400,
              "{\"error\":{\"message\":\"temperature too high\",\"type\":\"invalid_request_error\",\"code\":\"bad_param\"}}",
              null));

      HttpResponse<String> res = h.post(chat("tierwise/auto", false, "\"temperature\":9"));

      assertEquals(400, res.statusCode());
      assertEquals("temperature too high", json(res.body()).at("/error/message").asText());
      assertEquals("bad_param", json(res.body()).at("/error/code").asText());
      assertEquals(1, h.small.received().size());
      assertEquals(0, h.large.received().size());
      assertTrue(h.sleeps.isEmpty());
      assertEquals(
          1, h.counter(GatewayMetrics.UPSTREAM_ERRORS, "upstream", "small-local", "status", "400"));
      assertEquals(
          "closed",
          upstream(h, "small-local").path("circuit").asText(),
          "a refusal is not an outage");
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals(RequestOutcome.REJECTED_BY_UPSTREAM, row.outcome());
      assertEquals(400, row.status());
    }
  }

  @Test
  void waitsExactlyTheRetryAfterSecondsOn429() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      h.small.then(new Fail(429, "{\"error\":{\"message\":\"slow down\"}}", "2"));

      HttpResponse<String> res = h.post(chat("tierwise/auto", false, ""));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("small", header(res, "x-tierwise-tier"));
      assertEquals(List.of(Duration.ofSeconds(2)), h.sleeps);
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals(Optional.of(Duration.ofSeconds(2)), row.attempts().getFirst().retryAfter());
    }
  }

  @Test
  void retryAfterLongerThanTheCapFallsBackInsteadOfWaiting() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      h.small.then(new Fail(429, "{\"error\":{\"message\":\"quota\"}}", "60"));

      HttpResponse<String> res = h.post(chat("tierwise/auto", false, ""));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("large", header(res, "x-tierwise-tier"));
      assertTrue(h.sleeps.isEmpty());
      assertEquals(1, h.small.received().size());
      assertEquals(
          1, h.counter(GatewayMetrics.FALLBACKS, "from", "small-local", "to", "large-cloud"));
    }
  }

  @Test
  void connectionRefusedFallsBackToTheNextTierUp() {
    GatewayHarness.Options options = new GatewayHarness.Options();
    options.smallUnreachable = true;
    try (GatewayHarness h = new GatewayHarness(dir, options)) {
      HttpResponse<String> res = h.post(chat("tierwise/auto", false, ""));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("large", header(res, "x-tierwise-tier"));
      assertEquals("large-chat", header(res, "x-tierwise-model"));
      assertEquals(h.large.answer(), json(res.body()).at("/choices/0/message/content").asText());
      assertEquals(List.of("Bearer sk-test-large"), h.large.authorizations());
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals("small", row.routedTier());
      assertEquals("large", row.tier());
      List<String> labels =
          row.attempts().stream().map(a -> a.upstream() + ":" + a.result().label()).toList();
      assertEquals(
          List.of(
              "small-local:connect_error",
              "small-local:connect_error",
              "small-local:connect_error",
              "large-cloud:200"),
          labels);
      assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100)), h.sleeps);
      assertEquals(
          1, h.counter(GatewayMetrics.FALLBACKS, "from", "small-local", "to", "large-cloud"));
      // billed at the large tier's prices: 7 * $1/M + 5 * $3/M
      assertEquals("0.000022", header(res, "x-tierwise-cost-usd"));
    }
  }

  @Test
  void circuitOpensAfterFailuresAndAHalfOpenProbeClosesIt() {
    GatewayHarness.Options options = new GatewayHarness.Options();
    options.smallSettings =
        s ->
            s.withRetry(
                    new RetrySettings(
                        1,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(1),
                        true,
                        Duration.ofSeconds(5)))
                .withCircuitBreaker(
                    new CircuitBreakerSettings(
                        2, Duration.ofSeconds(30), Duration.ofSeconds(10), 1));
    try (GatewayHarness h = new GatewayHarness(dir, options)) {
      h.small.then(new Fail(500, ERROR_503, null), new Fail(500, ERROR_503, null));
      assertEquals("large", header(h.post(chat("tierwise/auto", false, "")), "x-tierwise-tier"));
      assertEquals("closed", upstream(h, "small-local").path("circuit").asText());
      assertEquals("large", header(h.post(chat("tierwise/auto", false, "")), "x-tierwise-tier"));

      JsonNode open = upstream(h, "small-local");
      assertEquals("open", open.path("circuit").asText());
      assertEquals(2, open.path("recent_failures").asInt());
      assertTrue(open.path("last_error").asText().contains("HTTP 500"), open.toString());
      assertEquals(
          2.0,
          h.registry
              .find(GatewayMetrics.CIRCUIT_STATE)
              .tag("upstream", "small-local")
              .gauge()
              .value());

      HttpResponse<String> skipped = h.post(chat("tierwise/auto", false, ""));
      assertEquals("large", header(skipped, "x-tierwise-tier"));
      assertEquals(2, h.small.received().size(), "an open circuit must not call the upstream");
      RequestRecord row = h.requestLog.find("decision-3").orElseThrow();
      assertEquals(new AttemptResult.CircuitOpen(), row.attempts().getFirst().result());

      h.clock.advance(Duration.ofSeconds(10));
      assertEquals("half_open", upstream(h, "small-local").path("circuit").asText());
      HttpResponse<String> probe = h.post(chat("tierwise/auto", false, ""));
      assertEquals("small", header(probe, "x-tierwise-tier"));
      assertEquals("closed", upstream(h, "small-local").path("circuit").asText());
      assertEquals(
          0.0,
          h.registry
              .find(GatewayMetrics.CIRCUIT_STATE)
              .tag("upstream", "small-local")
              .gauge()
              .value());
    }
  }

  @Test
  void requestTimeoutBudgetCutsASlowUpstreamAndAnswers503() {
    GatewayHarness.Options options = new GatewayHarness.Options();
    options.requestTimeout = Duration.ofMillis(400);
    try (GatewayHarness h = new GatewayHarness(dir, options)) {
      h.small.then(new Delay(Duration.ofSeconds(5), new Answer(true)));
      long started = System.nanoTime();

      HttpResponse<String> res = h.post(chat("tierwise/auto", false, ""));

      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(503, res.statusCode(), res.body());
      assertTrue(
          elapsedMillis < 5_000,
          "the budget must cut the 5 s upstream, took " + elapsedMillis + " ms");
      JsonNode attempts = json(res.body()).at("/error/attempts");
      assertEquals(1, attempts.size(), res.body());
      assertEquals("timeout", attempts.get(0).path("result").asText());
      assertEquals(0, h.large.received().size(), "no time was left for the next tier");
    }
  }

  @Test
  void upstreamTotalTimeoutMovesOnToTheNextCandidate() {
    GatewayHarness.Options options = new GatewayHarness.Options();
    options.smallSettings =
        s ->
            s.withTimeouts(
                new TimeoutSettings(
                    Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(300)));
    try (GatewayHarness h = new GatewayHarness(dir, options)) {
      h.small.then(new Delay(Duration.ofSeconds(5), new Answer(true)));

      HttpResponse<String> res = h.post(chat("tierwise/auto", false, ""));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("large", header(res, "x-tierwise-tier"));
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals("timeout", row.attempts().getFirst().result().label());
      assertEquals(
          1, h.small.received().size(), "no retry once the small upstream's budget is spent");
    }
  }

  @Test
  void everyCandidateFailingAnswers503ListingTheAttempts() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      Fail bad = new Fail(502, "", null);
      Fail busy = new Fail(503, ERROR_503, null);
      h.small.then(bad, bad, bad);
      h.large.then(busy, busy, busy);

      HttpResponse<String> res = h.post(chat("tierwise/auto", false, ""));

      assertEquals(503, res.statusCode());
      JsonNode error = json(res.body()).path("error");
      assertEquals("all_upstreams_failed", error.path("code").asText());
      assertEquals("upstream_error", error.path("type").asText());
      assertEquals(6, error.path("attempts").size());
      assertTrue(
          error.path("message").asText().contains("small/small-local: HTTP 502"), error.toString());
      assertTrue(
          error.path("message").asText().contains("large/large-cloud: HTTP 503"), error.toString());
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals(RequestOutcome.ALL_UPSTREAMS_FAILED, row.outcome());
      assertEquals(6, row.attempts().size());
      assertEquals("", row.tier());
    }
  }

  @Test
  void clampsOutputTokensToTheServingUpstreamsCap() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      assertEquals(200, h.post(chat("small", false, "\"max_tokens\":100000")).statusCode());
      assertEquals(200, h.post(chat("small", false, "\"max_completion_tokens\":10")).statusCode());
      assertEquals(200, h.post(chat("small", false, "")).statusCode());
      assertEquals(200, h.post(chat("large-chat", false, "\"max_tokens\":5000")).statusCode());

      List<JsonNode> small = h.small.received();
      assertEquals(256, small.get(0).path("max_tokens").asInt());
      assertEquals(10, small.get(1).path("max_completion_tokens").asInt());
      assertTrue(small.get(1).path("max_tokens").isMissingNode());
      assertEquals(256, small.get(2).path("max_tokens").asInt());
      assertEquals(1024, h.large.received().getFirst().path("max_tokens").asInt());
      assertEquals("large-chat", h.large.received().getFirst().path("model").asText());
      assertTrue(h.router.prompts().isEmpty(), "named tiers and models bypass the router");
    }
  }

  @Test
  void streamsTokensThenUsageThenDone() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      HttpResponse<String> res =
          h.post(chat("tierwise/auto", true, "\"stream_options\":{\"include_usage\":true}"));

      assertEquals(200, res.statusCode(), res.body());
      assertTrue(header(res, "content-type").startsWith("text/event-stream"));
      assertEquals("small", header(res, "x-tierwise-tier"));
      assertEquals("decision-1", header(res, "x-tierwise-decision-id"));
      List<String> events = events(res.body());
      assertEquals("[DONE]", events.getLast());
      assertEquals(h.small.answer(), content(events));
      JsonNode usageChunk = json(events.get(events.size() - 2));
      assertEquals(0, usageChunk.path("choices").size());
      assertEquals(7, usageChunk.at("/usage/prompt_tokens").asInt());
      assertEquals(4, usageChunk.at("/usage/completion_tokens").asInt());
      assertEquals(1.5e-6, usageChunk.at("/tierwise/cost_usd").asDouble(), 1e-15);
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertTrue(row.stream());
      assertEquals(RequestOutcome.COMPLETED, row.outcome());
      assertEquals(new Usage(7, 4, false), row.usage());
    }
  }

  @Test
  void relaysEachEventAsSoonAsTheUpstreamSendsIt() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      CountDownLatch release = new CountDownLatch(1);
      h.small.then(new StreamAfterRelease(release));
      HttpRequest request =
          HttpRequest.newBuilder(h.url("/v1/chat/completions"))
              .POST(HttpRequest.BodyPublishers.ofString(chat("tierwise/auto", true, "")))
              .build();

      HttpResponse<InputStream> res =
          h.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
        // The upstream holds back everything after the first word until released, so reading the
        // first event here proves the gateway flushes per event instead of buffering the stream.
        String first = reader.readLine();
        assertEquals(
            "small",
            json(first.substring("data: ".length())).at("/choices/0/delta/content").asText());
        release.countDown();
        String rest = reader.lines().collect(Collectors.joining("\n"));
        assertTrue(rest.strip().endsWith("data: [DONE]"), rest);
      }
    }
  }

  @Test
  void streamHidesTheUsageChunkFromClientsThatDidNotAskForIt() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      HttpResponse<String> res = h.post(chat("tierwise/auto", true, ""));

      List<String> events = events(res.body());
      assertEquals("[DONE]", events.getLast());
      for (String event : events.subList(0, events.size() - 1)) {
        assertEquals(1, json(event).path("choices").size(), event);
      }
      assertTrue(h.small.received().getFirst().at("/stream_options/include_usage").asBoolean());
      assertEquals(new Usage(7, 4, false), h.requestLog.find("decision-1").orElseThrow().usage());
    }
  }

  @Test
  void estimatesUsageWhenTheUpstreamReportsNone() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      h.small.then(new Answer(false), new Answer(false));

      HttpResponse<String> plain = h.post(chat("tierwise/auto", false, ""));
      HttpResponse<String> streamed =
          h.post(chat("tierwise/auto", true, "\"stream_options\":{\"include_usage\":true}"));

      // "Be brief.\nWhat is the capital of France?" is 40 chars -> 10 tokens;
      // "small says hello there" is 22 chars -> 6 tokens.
      assertEquals("true", header(plain, "x-tierwise-usage-estimated"));
      assertEquals(10, json(plain.body()).at("/usage/prompt_tokens").asInt());
      assertEquals(6, json(plain.body()).at("/usage/completion_tokens").asInt());
      List<String> events = events(streamed.body());
      JsonNode usageChunk = json(events.get(events.size() - 2));
      assertEquals(10, usageChunk.at("/usage/prompt_tokens").asInt());
      assertEquals(6, usageChunk.at("/usage/completion_tokens").asInt());
      assertTrue(usageChunk.at("/tierwise/usage_estimated").asBoolean());
      assertEquals(new Usage(10, 6, true), h.requestLog.find("decision-2").orElseThrow().usage());
    }
  }

  @Test
  void midStreamDropEndsTheStreamWithAnErrorEvent() throws Exception {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      CountDownLatch drop = new CountDownLatch(1);
      h.small.then(new DropMidStream(2, drop));

      List<String> events = streamEvents(h, chat("tierwise/auto", true, ""), 2, drop);

      assertEquals(3, events.size(), events.toString());
      assertEquals("small says", content(events.subList(0, 2)));
      assertEquals("stream_interrupted", json(events.get(2)).at("/error/code").asText());
      assertEquals(
          0, h.large.received().size(), "bytes were sent: no fallback after the first event");
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals(RequestOutcome.STREAM_INTERRUPTED, row.outcome());
      assertTrue(
          row.error().orElseThrow().contains("upstream stream failed"), row.error().toString());
      assertTrue(upstream(h, "small-local").path("last_error").asText().contains("stream"));
      assertEquals(
          1,
          h.counter(
              GatewayMetrics.UPSTREAM_ERRORS, "upstream", "small-local", "status", "io_error"));
    }
  }

  @Test
  void midStreamSilenceLongerThanTheReadTimeoutEndsTheStreamWithAnErrorEvent() {
    GatewayHarness.Options options = new GatewayHarness.Options();
    options.smallSettings =
        s ->
            s.withTimeouts(
                new TimeoutSettings(
                    Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(10)));
    try (GatewayHarness h = new GatewayHarness(dir, options)) {
      h.small.then(new StallMidStream(1));

      HttpResponse<String> res = h.post(chat("tierwise/auto", true, ""));

      List<String> events = events(res.body());
      assertEquals(2, events.size(), res.body());
      assertEquals("small", content(events.subList(0, 1)));
      JsonNode error = json(events.get(1)).path("error");
      assertEquals("stream_interrupted", error.path("code").asText());
      assertTrue(
          error.path("message").asText().contains("no data from upstream for 300 ms"),
          error.toString());
      assertFalse(res.body().contains("[DONE]"));
    }
  }

  @Test
  void streamFailingBeforeItsFirstEventIsRetriedThenFallsBack() {
    GatewayHarness.Options options = new GatewayHarness.Options();
    options.smallSettings =
        s ->
            s.withRetry(
                new RetrySettings(
                    2, Duration.ofMillis(100), Duration.ofSeconds(1), true, Duration.ofSeconds(5)));
    try (GatewayHarness h = new GatewayHarness(dir, options)) {
      h.small.then(new DropBeforeFirstEvent(), new DropBeforeFirstEvent());

      HttpResponse<String> res = h.post(chat("tierwise/auto", true, ""));

      assertEquals(200, res.statusCode(), res.body());
      assertEquals("large", header(res, "x-tierwise-tier"));
      List<String> events = events(res.body());
      assertEquals(h.large.answer(), content(events));
      assertEquals("[DONE]", events.getLast());
      assertEquals(2, h.small.received().size());
      RequestRecord row = h.requestLog.find("decision-1").orElseThrow();
      assertEquals(
          List.of("io_error", "io_error", "200"),
          row.attempts().stream().map(a -> a.result().label()).toList());
    }
  }

  @Test
  void requestLogRowsSurviveReopeningTheStore() {
    Path logFile;
    try (GatewayHarness h = new GatewayHarness(dir)) {
      h.post(chat("tierwise/auto", false, ""), "x-tierwise-tenant", "acme");
      h.post(chat("tierwise/auto", true, ""), "x-tierwise-tenant", "beta");
      logFile = h.logFile;
    }
    try (RequestLog reopened = SqliteRequestLog.open(logFile)) {
      assertEquals(2, reopened.size());
      assertEquals("acme", reopened.find("decision-1").orElseThrow().tenant());
      RequestRecord streamed = reopened.find("decision-2").orElseThrow();
      assertEquals("beta", streamed.tenant());
      assertTrue(streamed.stream());
      assertEquals(new Usage(7, 4, false), streamed.usage());
      assertEquals(
          List.of("decision-2", "decision-1"),
          reopened.recent(10).stream().map(RequestRecord::decisionId).toList());
    }
  }

  @Test
  void listsModelsAndRejectsUnknownModelsAndBadBodiesInOpenAiShape() {
    try (GatewayHarness h = new GatewayHarness(dir)) {
      JsonNode models = json(h.get("/v1/models").body());
      List<String> ids =
          StreamSupport.stream(models.path("data").spliterator(), false)
              .map(m -> m.path("id").asText())
              .toList();
      assertEquals(List.of("tierwise/auto", "small", "large", "small-instruct", "large-chat"), ids);

      HttpResponse<String> unknown = h.post(chat("gpt-nonexistent", false, ""));
      assertEquals(404, unknown.statusCode());
      assertEquals("model_not_found", json(unknown.body()).at("/error/code").asText());
      assertEquals("invalid_request_error", json(unknown.body()).at("/error/type").asText());

      HttpResponse<String> malformed = h.post("{not json");
      assertEquals(400, malformed.statusCode());
      assertEquals("invalid_json", json(malformed.body()).at("/error/code").asText());

      HttpResponse<String> noMessages = h.post("{\"model\":\"tierwise/auto\",\"messages\":[]}");
      assertEquals(400, noMessages.statusCode());
      assertEquals("invalid_messages", json(noMessages.body()).at("/error/code").asText());
      assertTrue(h.small.received().isEmpty());
    }
  }

  /**
   * Posts a streaming request and reads its events as they arrive; once {@code before} events have
   * arrived, opens {@code latch} and reads the rest.
   */
  private static List<String> streamEvents(
      GatewayHarness h, String body, int before, CountDownLatch latch) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(h.url("/v1/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<InputStream> res =
        h.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, res.statusCode());
    List<String> events = new java.util.ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data: ")) {
          events.add(line.substring("data: ".length()));
          if (events.size() == before) {
            latch.countDown();
          }
        }
      }
    }
    return events;
  }

  private static JsonNode upstream(GatewayHarness h, String name) {
    for (JsonNode node : json(h.get("/v1/upstreams").body()).path("data")) {
      if (node.path("name").asText().equals(name)) {
        return node;
      }
    }
    throw new AssertionError("no upstream " + name);
  }

  private static String header(HttpResponse<String> res, String name) {
    return res.headers()
        .firstValue(name)
        .orElseThrow(() -> new AssertionError("no header " + name + " in " + res.headers().map()));
  }

  private static List<AttemptResult> results(RequestRecord row) {
    return row.attempts().stream().map(Attempt::result).toList();
  }

  private static List<String> events(String body) {
    return Arrays.stream(body.split("\n\n"))
        .map(String::strip)
        .filter(e -> e.startsWith("data: "))
        .map(e -> e.substring("data: ".length()))
        .toList();
  }

  private static String content(List<String> events) {
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
}
