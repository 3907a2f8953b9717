package io.tierwise.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierwise.config.ShadowSettings;
import io.tierwise.gateway.ChatCompletionsService;
import io.tierwise.gateway.Completion;
import io.tierwise.gateway.FakeOpenAiUpstream;
import io.tierwise.gateway.GatewaySettings;
import io.tierwise.gateway.SqliteRequestLog;
import io.tierwise.gateway.TierCaller;
import io.tierwise.gateway.UpstreamSettings;
import io.tierwise.reload.VersionedRouter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow evaluation: the sampled share, the graded outcome, and that a slow, failing or saturated
 * top tier never changes or delays what the user gets from the gateway.
 */
class ShadowEvaluatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final FakeOpenAiUpstream small = FakeOpenAiUpstream.start("small says hello");
  private final FakeOpenAiUpstream large = FakeOpenAiUpstream.start("large says hello");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<ShadowResult> results = new CopyOnWriteArrayList<>();
  private final GatewaySettings gatewaySettings =
      GatewaySettings.of(
          List.of(
              UpstreamSettings.of("small-1", "small", small.baseUrl(), "up-small"),
              UpstreamSettings.of("medium-1", "medium", small.baseUrl(), "up-medium"),
              UpstreamSettings.of("large-1", "large", large.baseUrl(), "up-large")));
  private final TierCaller caller =
      TierCaller.create(gatewaySettings, VersionedRouter.TIERS, name -> null);
  private ShadowEvaluator evaluator;
  private ChatCompletionsService gateway;
  private SqliteRequestLog requestLog;
  private WebServer server;

  @AfterEach
  void close() {
    if (server != null) {
      server.stop();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (requestLog != null) {
      requestLog.close();
    }
    if (evaluator != null) {
      evaluator.close();
    }
    caller.close();
    small.close();
    large.close();
  }

  private ShadowEvaluator evaluator(double share, int concurrency, int queue, Random random) {
    ShadowSettings settings =
        new ShadowSettings(
            share,
            concurrency,
            queue,
            ShadowSettings.Comparator.NORMALISED,
            Optional.empty(),
            Duration.ofSeconds(30));
    evaluator =
        new ShadowEvaluator(
            settings,
            caller,
            VersionedRouter.TIERS,
            new AnswerComparator.Normalised(),
            results::add,
            registry,
            random::nextDouble);
    return evaluator;
  }

  private static Completion completion(
      String id, boolean routed, String servedTier, String answer) {
    ObjectNode request = JSON.createObjectNode().put("model", "tierwise/auto");
    request.putArray("messages").addObject().put("role", "user").put("content", "Say hello.");
    return new Completion(id, "default", routed, servedTier, servedTier, request, answer, 0.001);
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(condition.getAsBoolean(), "condition not reached within 30 s");
  }

  @Test
  void shadowsTheConfiguredShareOfCheaperTierAnswersAndGradesThem() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("ShadowEvaluatorTest seed " + seed);
    Random expected = new Random(seed);
    ShadowEvaluator shadow = evaluator(0.25, 4, 1000, new Random(seed));
    int eligible = 200;
    int chosen = 0;
    for (int i = 0; i < eligible; i++) {
      chosen += expected.nextDouble() < 0.25 ? 1 : 0;
      // Every other served answer matches the top tier's after normalisation.
      shadow.completed(
          completion(
              "d-" + i, true, "small", i % 2 == 0 ? "Large says hello." : "small says hello"));
    }
    shadow.completed(completion("d-top", true, "large", "large says hello"));
    shadow.completed(completion("gw-named", false, "small", "small says hello"));

    int sampled = chosen;
    await(() -> results.size() == sampled);

    assertEquals(sampled, (int) count("tierwise.shadow.sampled"), "seed " + seed);
    assertEquals(sampled, large.received().size(), "only sampled, eligible requests reach the top");
    assertEquals(0, count("tierwise.shadow.dropped"));
    for (ShadowResult result : results) {
      int index = Integer.parseInt(result.decisionId().substring(2));
      assertEquals(index % 2 == 0 ? 1.0 : 0.0, result.servedQuality(), result.toString());
      assertEquals(1.0, result.topQuality());
      assertEquals("small-model", result.servedModel());
      assertEquals("large-model", result.topModel());
      assertEquals("normalised", result.comparator());
      assertTrue(result.topCostUsd() > 0, result.toString());
    }
    assertEquals(
        results.stream().mapToDouble(ShadowResult::topCostUsd).sum(),
        count("tierwise.shadow.cost.usd"),
        1e-12);
  }

  @Test
  void aSlowOrFailingTopTierNeverDelaysOrFailsTheUsersResponse() throws Exception {
    large.then(
        new FakeOpenAiUpstream.Delay(Duration.ofSeconds(20), new FakeOpenAiUpstream.Answer(true)),
        new FakeOpenAiUpstream.Fail(500, "{\"error\": {\"message\": \"down\"}}", null));
    startGateway(evaluator(1.0, 2, 0, new Random(1)));

    HttpResponse<String> first = chat();
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("small", first.headers().firstValue("x-tierwise-tier").orElseThrow());
    // The first shadow call now sits on the slow top tier, and the user's answer is already here.
    await(() -> large.received().size() == 1);
    assertEquals(1, evaluator.pending(), "the shadow call is still waiting on the top tier");
    assertEquals(List.of(), results);
    HttpResponse<String> second = chat();
    assertEquals(200, second.statusCode(), second.body());
    await(() -> count("tierwise.shadow.failed") == 1);
    // The failed call's worker counts the failure a moment before it frees its slot.
    await(() -> evaluator.pending() == 1);
    // One slot is busy and one free; the third request's shadow call takes it, the fourth's may
    // not queue.
    large.then(
        new FakeOpenAiUpstream.Delay(Duration.ofSeconds(20), new FakeOpenAiUpstream.Answer(true)));
    HttpResponse<String> third = chat();
    HttpResponse<String> fourth = chat();

    assertEquals(200, third.statusCode(), third.body());
    assertEquals(200, fourth.statusCode(), fourth.body());
    assertEquals(
        "small says hello",
        JSON.readTree(fourth.body()).get("choices").get(0).get("message").get("content").asText());
    // The gateway notifies its listener after the answer is sent, and a sample is counted before
    // the
    // pool takes or refuses it, so both counts may still be on their way.
    await(() -> count("tierwise.shadow.sampled") == 4 && count("tierwise.shadow.dropped") >= 1);
    assertEquals(1, count("tierwise.shadow.dropped"), "pool of 2 with no queue: one slot left");
    assertEquals(List.of(), results, "no shadow result from a failed or unfinished call");
  }

  private void startGateway(ShadowEvaluator shadow) {
    requestLog = SqliteRequestLog.open(dir.resolve("requests.sqlite"));
    gateway =
        ChatCompletionsService.builder()
            .router(new VersionedRouter("v1"))
            .settings(gatewaySettings)
            .requestLog(requestLog)
            .meterRegistry(registry)
            .completionListener(shadow)
            .build();
    server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .routing(routing -> routing.register(gateway))
            .build()
            .start();
  }

  private HttpResponse<String> chat() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"tierwise/auto\", \"messages\": [{\"role\": \"user\","
                            + " \"content\": \"Say hello.\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
