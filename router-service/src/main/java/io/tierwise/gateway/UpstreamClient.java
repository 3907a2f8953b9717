package io.tierwise.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends chat completion requests to one OpenAI-compatible upstream over a pooled connection.
 *
 * <p>Uses the JDK's {@link HttpClient}: it pools keep-alive connections per client, negotiates
 * HTTP/2 over TLS, needs no extra dependency, and its asynchronous send lets the gateway abandon a
 * request at an exact time budget. Its one gap, the lack of a per-read body timeout, is covered by
 * {@link DeadlineInputStream}. Plain {@code http} upstreams (local model servers) are spoken to in
 * HTTP/1.1 to avoid an h2c upgrade many of them do not implement.
 */
final class UpstreamClient implements AutoCloseable {

  private final UpstreamSettings settings;
  private final Optional<ApiKey> apiKey;
  private final ScheduledExecutorService timer;
  private final HttpClient http;
  private final URI endpoint;

  UpstreamClient(
      UpstreamSettings settings, Optional<ApiKey> apiKey, ScheduledExecutorService timer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.timer = Objects.requireNonNull(timer, "timer");
    boolean tls = "https".equals(settings.baseUrl().getScheme());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeouts().connect())
            .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.endpoint = URI.create(settings.baseUrl() + "/chat/completions");
  }

  /**
   * Sends one request and waits for the response headers.
   *
   * @param body the JSON request body
   * @param stream whether the body is a streaming request (sets {@code Accept})
   * @param headerTimeout longest wait for the status line and headers
   * @param bodyBudget absolute budget for reading the body, counted from now
   * @throws java.net.ConnectException when no connection could be opened
   * @throws HttpTimeoutException when the headers did not arrive in time
   */
  UpstreamExchange send(byte[] body, boolean stream, Duration headerTimeout, Duration bodyBudget)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json")
            .header("Accept", stream ? "text/event-stream" : "application/json");
    apiKey.ifPresent(key -> request.header("Authorization", key.bearerValue()));
    CompletableFuture<HttpResponse<InputStream>> future =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> response;
    try {
      response = future.get(Math.max(1, headerTimeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException(
          "no response headers within " + headerTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("upstream call failed: " + cause, cause);
    }
    DeadlineInputStream watched =
        new DeadlineInputStream(response.body(), settings.timeouts().read(), bodyBudget, timer);
    return new UpstreamExchange(response.statusCode(), response.headers(), watched);
  }

  @Override
  public void close() {
    http.shutdownNow();
  }

  @Override
  public String toString() {
    return "UpstreamClient[" + settings.name() + " " + endpoint + "]";
  }
}
