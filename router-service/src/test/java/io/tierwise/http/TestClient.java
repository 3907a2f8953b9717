package io.tierwise.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A real HTTP client against a started server, with JSON helpers. */
final class TestClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  TestClient(URI base) {
    this.base = base;
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** POSTs and returns the JSON body, asserting the status. */
  JsonNode postJson(String path, String body, int expectedStatus) throws Exception {
    HttpResponse<String> response = post(path, body);
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  /**
   * Asserts an OpenAI-shaped error and returns its message.
   *
   * @return {@code error.message}
   */
  static String assertError(HttpResponse<String> response, int status, String code)
      throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(
        "application/json", response.headers().firstValue("Content-Type").orElse(""), "type");
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals(code, error.get("code").asText(), response.body());
    assertEquals(
        status < 500 ? "invalid_request_error" : "server_error", error.get("type").asText());
    assertEquals(3, error.size(), "error has exactly message, type and code: " + response.body());
    return error.get("message").asText();
  }

  /**
   * Waits until {@code value} satisfies {@code condition}: for effects recorded just after the
   * response went out (metrics, access log). Fails after 10 s, which only a bug can take.
   */
  static <T> T eventually(Supplier<T> value, Predicate<T> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    T current = value.get();
    while (!condition.test(current) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      current = value.get();
    }
    return current;
  }
}
