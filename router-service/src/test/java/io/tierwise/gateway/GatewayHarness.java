package io.tierwise.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Two fake upstreams (tiers {@code small} and {@code large}), the gateway on a Helidon WebServer on
 * a free loopback port, and an HTTP client calling it. Retry waits are recorded and skipped by
 * advancing a manual clock.
 */
final class GatewayHarness implements AutoCloseable {

  static final Tier SMALL = new Tier("small", "labelled/small-model", 0.1, 0.2, TierKind.REMOTE);
  static final Tier LARGE = new Tier("large", "labelled/large-model", 1.0, 3.0, TierKind.REMOTE);

  /** Fast, deterministic defaults for tests; each test overrides what it exercises. */
  static final RetrySettings TEST_RETRY =
      new RetrySettings(
          3, Duration.ofMillis(100), Duration.ofSeconds(1), true, Duration.ofSeconds(5));

  static final CircuitBreakerSettings TEST_BREAKER =
      new CircuitBreakerSettings(50, Duration.ofSeconds(30), Duration.ofSeconds(10), 1);

  static final TimeoutSettings TEST_TIMEOUTS =
      new TimeoutSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10));

  private static final ObjectMapper JSON = new ObjectMapper();

  final FakeOpenAiUpstream small = FakeOpenAiUpstream.start("small says hello there");
  final FakeOpenAiUpstream large = FakeOpenAiUpstream.start("large model answers with care");
  final FixedRouter router = new FixedRouter(List.of(SMALL, LARGE), "small");
  final ManualClock clock = new ManualClock();
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Path logFile;
  final SqliteRequestLog requestLog;
  final ChatCompletionsService service;
  final WebServer server;
  final HttpClient client = HttpClient.newHttpClient();

  /** Options a test may change before the gateway starts. */
  static final class Options {
    UnaryOperator<UpstreamSettings> smallSettings = UnaryOperator.identity();
    UnaryOperator<UpstreamSettings> largeSettings = UnaryOperator.identity();
    boolean smallUnreachable;
    Duration requestTimeout = GatewaySettings.DEFAULT_REQUEST_TIMEOUT;
  }

  GatewayHarness(Path dir) {
    this(dir, new Options());
  }

  GatewayHarness(Path dir, Options options) {
    URI smallUrl = options.smallUnreachable ? closedPortUrl() : small.baseUrl();
    UpstreamSettings smallSettings =
        options.smallSettings.apply(
            UpstreamSettings.of("small-local", "small", smallUrl, "small-instruct")
                .withRetry(TEST_RETRY)
                .withCircuitBreaker(TEST_BREAKER)
                .withTimeouts(TEST_TIMEOUTS)
                .withMaxOutputTokens(256));
    UpstreamSettings largeSettings =
        options.largeSettings.apply(
            UpstreamSettings.of("large-cloud", "large", large.baseUrl(), "large-chat")
                .withRetry(TEST_RETRY)
                .withCircuitBreaker(TEST_BREAKER)
                .withTimeouts(TEST_TIMEOUTS)
                .withMaxOutputTokens(1024)
                .withApiKey(new ApiKeySource.Env("LARGE_KEY")));
    GatewaySettings settings =
        new GatewaySettings(List.of(smallSettings, largeSettings), options.requestTimeout, 1);
    logFile = dir.resolve("requests.db");
    requestLog = SqliteRequestLog.open(logFile);
    service =
        ChatCompletionsService.builder()
            .router(router)
            .settings(settings)
            .requestLog(requestLog)
            .meterRegistry(registry)
            .clock(clock)
            .sleeper(
                d -> {
                  sleeps.add(d);
                  clock.advance(d);
                })
            .random(() -> 0.5)
            .environment(name -> name.equals("LARGE_KEY") ? "sk-test-large" : null)
            .build();
    server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .routing(routing -> routing.register(service))
            .build()
            .start();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> post(String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url("/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.build());
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(url(path)).GET().build());
  }

  static String chat(String model, boolean stream, String extraFields) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]"
        + (extraFields.isEmpty() ? "" : "," + extraFields)
        + "}";
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  double counter(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A URL on a loopback port that was just free and is now closed: connections are refused. */
  static URI closedPortUrl() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
    service.close();
    requestLog.close();
    small.close();
    large.close();
    client.close();
  }
}
