package io.tierwise.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenAI-compatible HTTP server on a free loopback port, scripted per request: each request
 * takes the next queued {@link Script}, or answers normally when the queue is empty. Every request
 * body is recorded so tests can assert what the gateway sent.
 */
public final class FakeOpenAiUpstream implements AutoCloseable {

  /** Prompt tokens every normal answer reports. */
  static final int PROMPT_TOKENS = 7;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final String answer;

  /** What the fake does with one request. */
  public sealed interface Script {}

  /** Answer normally (JSON or a token stream, as the request asks). */
  public record Answer(boolean withUsage) implements Script {}

  /** Answer with this status, body and optional Retry-After. */
  public record Fail(int status, String body, String retryAfter) implements Script {}

  /** Wait, then run the next script. */
  public record Delay(Duration delay, Script then) implements Script {}

  /**
   * Stream {@code tokens} chunks, wait until {@code dropWhen} opens, then cut the connection
   * without finishing. The wait matters: the JDK client discards body bytes its reader has not
   * consumed yet when the connection breaks, so the test releases the drop only once it has seen
   * the chunks arrive through the gateway.
   */
  public record DropMidStream(int tokens, CountDownLatch dropWhen) implements Script {}

  /** Stream {@code tokens} chunks, then go silent (until the server stops). */
  public record StallMidStream(int tokens) implements Script {}

  /** Stream the first word, wait until {@code release} opens, then stream the rest. */
  public record StreamAfterRelease(CountDownLatch release) implements Script {}

  /** Send headers 200 and an empty body cut off before any event. */
  public record DropBeforeFirstEvent() implements Script {}

  private FakeOpenAiUpstream(String answer) throws IOException {
    this.answer = answer;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  /** Starts a fake whose normal answer is {@code answer} (streamed word by word). */
  public static FakeOpenAiUpstream start(String answer) {
    try {
      return new FakeOpenAiUpstream(answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL clients configure, ending in {@code /v1}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** Queues scripts for the next requests, in order. */
  public FakeOpenAiUpstream then(Script... next) {
    scripts.addAll(List.of(next));
    return this;
  }

  /** Request bodies received so far. */
  public List<JsonNode> received() {
    return List.copyOf(received);
  }

  /** Authorization headers received so far ("" when absent). */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Words of the normal answer, i.e. its completion token count. */
  int answerTokens() {
    return answer.split(" ").length;
  }

  public String answer() {
    return answer;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    received.add(body);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "" : auth);
    Script script = scripts.poll();
    run(script == null ? new Answer(true) : script, exchange, body);
  }

  private void run(Script script, HttpExchange exchange, JsonNode request) throws IOException {
    boolean stream = request.path("stream").asBoolean(false);
    String model = request.path("model").asText();
    switch (script) {
      case Answer a when stream -> {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          streamWords(out, model, answer.split(" ").length);
          if (a.withUsage() && request.path("stream_options").path("include_usage").asBoolean()) {
            ObjectNode chunk = chunk(model);
            chunk.putArray("choices");
            chunk.set("usage", usage());
            event(out, chunk.toString());
          }
          event(out, "[DONE]");
        }
      }
      case Answer a -> {
        ObjectNode completion = JSON.createObjectNode();
        completion.put("id", "chatcmpl-fake");
        completion.put("object", "chat.completion");
        completion.put("created", 1_700_000_000L);
        completion.put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer);
        choice.put("finish_reason", "stop");
        if (a.withUsage()) {
          completion.set("usage", usage());
        }
        send(exchange, 200, completion.toString(), null);
      }
      case Fail f -> send(exchange, f.status(), f.body(), f.retryAfter());
      case Delay d -> {
        sleep(d.delay());
        run(d.then(), exchange, request);
      }
      case DropMidStream d -> {
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        streamWords(out, model, d.tokens());
        await(d.dropWhen());
        // Throwing from the handler makes the server drop the connection without the final chunk.
        throw new IOException("fake upstream drops the connection mid-stream");
      }
      case StreamAfterRelease r -> {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          String[] words = answer.split(" ");
          for (int i = 0; i < words.length; i++) {
            if (i == 1) {
              await(r.release());
            }
            ObjectNode chunk = chunk(model);
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta").put("content", (i == 0 ? "" : " ") + words[i]);
            event(out, chunk.toString());
          }
          event(out, "[DONE]");
        }
      }
      case StallMidStream st -> {
        exchange.sendResponseHeaders(200, 0);
        streamWords(exchange.getResponseBody(), model, st.tokens());
        sleep(Duration.ofSeconds(60));
        exchange.close();
      }
      case DropBeforeFirstEvent d -> {
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().flush();
        throw new IOException("fake upstream drops the connection before the first event");
      }
    }
  }

  private void streamWords(OutputStream out, String model, int count) throws IOException {
    String[] words = answer.split(" ");
    for (int i = 0; i < count; i++) {
      ObjectNode chunk = chunk(model);
      ObjectNode choice = chunk.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("delta").put("content", (i == 0 ? "" : " ") + words[i]);
      choice.putNull("finish_reason");
      chunk.putNull("usage");
      event(out, chunk.toString());
    }
  }

  private ObjectNode usage() {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("prompt_tokens", PROMPT_TOKENS);
    usage.put("completion_tokens", answerTokens());
    usage.put("total_tokens", PROMPT_TOKENS + answerTokens());
    return usage;
  }

  private static ObjectNode chunk(String model) {
    ObjectNode chunk = JSON.createObjectNode();
    chunk.put("id", "chatcmpl-fake");
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", 1_700_000_000L);
    chunk.put("model", model);
    return chunk;
  }

  private static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange exchange, int status, String body, String retryAfter)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test never released the stream");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
