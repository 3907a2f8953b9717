package io.tierwise.gateway;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Runs one request across its fallback chain: per upstream, asks the circuit breaker, retries
 * retryable failures with backoff within the upstream's time budget, and moves to the next
 * candidate when the upstream is exhausted. Records every attempt.
 *
 * <p>A response counts as obtained once nothing can fail silently any more: a non-streaming body
 * read in full, or a stream's first event received. Until then a failure is retried or falls back;
 * the caller handles failures after that point.
 */
final class UpstreamFailover {

  /** Upper bound for a non-streaming response body. */
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final GatewayMetrics metrics;

  UpstreamFailover(Clock clock, Sleeper sleeper, DoubleSupplier random, GatewayMetrics metrics) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Tries the candidates in order.
   *
   * @param bodyFor the request body for a candidate (model name and token cap differ per upstream)
   * @param deadline the whole request's deadline
   * @throws AllUpstreamsFailedException when no candidate produced a response
   */
  UpstreamReply dispatch(
      List<Upstream> candidates,
      Function<UpstreamSettings, byte[]> bodyFor,
      boolean stream,
      Instant deadline)
      throws AllUpstreamsFailedException, InterruptedException {
    List<Attempt> attempts = new ArrayList<>();
    Upstream previous = null;
    for (Upstream upstream : candidates) {
      if (!clock.instant().isBefore(deadline)) {
        break;
      }
      if (previous != null) {
        metrics.fallback(previous, upstream);
      }
      previous = upstream;
      Optional<UpstreamReply> reply =
          tryUpstream(upstream, bodyFor.apply(upstream.settings()), stream, deadline, attempts);
      if (reply.isPresent()) {
        return reply.get();
      }
    }
    throw new AllUpstreamsFailedException(attempts);
  }

  private Optional<UpstreamReply> tryUpstream(
      Upstream upstream, byte[] body, boolean stream, Instant deadline, List<Attempt> attempts)
      throws InterruptedException {
    UpstreamSettings settings = upstream.settings();
    RetryPolicy policy = new RetryPolicy(settings.retry(), random);
    Instant budgetEnd = earliest(clock.instant().plus(settings.timeouts().total()), deadline);
    for (int made = 1; ; made++) {
      if (!clock.instant().isBefore(budgetEnd)) {
        return Optional.empty();
      }
      if (!upstream.breaker().tryAcquire()) {
        attempts.add(
            new Attempt(
                settings.tier(),
                settings.name(),
                new AttemptResult.CircuitOpen(),
                Duration.ZERO,
                Optional.empty()));
        return Optional.empty();
      }
      Instant started = clock.instant();
      Outcome outcome = attempt(upstream, body, stream, Duration.between(started, budgetEnd));
      Instant ended = clock.instant();
      Duration latency = nonNegative(Duration.between(started, ended));
      Attempt attempt =
          new Attempt(
              settings.tier(), settings.name(), outcome.result(), latency, outcome.retryAfter());
      attempts.add(attempt);
      metrics.upstreamLatency(upstream, outcome.result(), latency);
      if (outcome.reply() != null) {
        upstream.breaker().recordSuccess();
        if (outcome.result() instanceof AttemptResult.Status s && s.code() >= 400) {
          metrics.upstreamError(upstream, outcome.result());
        }
        return Optional.of(outcome.reply().apply(List.copyOf(attempts)));
      }
      upstream.breaker().recordFailure();
      upstream.recordError(ended, attempt.describe());
      metrics.upstreamError(upstream, outcome.result());
      Optional<Duration> delay =
          policy.delayBeforeRetry(
              made, outcome.result(), outcome.retryAfter(), Duration.between(ended, budgetEnd));
      if (delay.isEmpty()) {
        return Optional.empty();
      }
      metrics.retry(upstream);
      sleeper.sleep(delay.get());
    }
  }

  /** One call; the breaker permit is released here only if the call is abandoned. */
  private Outcome attempt(Upstream upstream, byte[] body, boolean stream, Duration budget)
      throws InterruptedException {
    Duration headerTimeout = earliest(upstream.settings().timeouts().read(), budget);
    UpstreamExchange exchange = null;
    boolean handedOver = false;
    try {
      exchange = upstream.client().send(body, stream, headerTimeout, budget);
      int status = exchange.status();
      AttemptResult result = new AttemptResult.Status(status);
      if (status >= 200 && status < 300 && stream) {
        SseDataReader events = new SseDataReader(exchange.body());
        String first = events.next();
        if (first == null) {
          throw new IOException("upstream stream ended before its first event");
        }
        // From here the client sees bytes; only the read timeout guards the rest of the stream.
        exchange.body().clearDeadline();
        UpstreamExchange open = exchange;
        handedOver = true;
        return Outcome.replied(
            result,
            attempts -> new UpstreamReply.Streaming(upstream, open, events, first, attempts));
      }
      String text = new String(exchange.readBody(MAX_BODY_BYTES), StandardCharsets.UTF_8);
      if (status >= 200 && status < 300 || !RetryPolicy.isRetryable(result)) {
        // A refused request (400, 401, 404, ...) is the caller's to see: the upstream is healthy
        // and another candidate would refuse the same request.
        return Outcome.replied(
            result, attempts -> new UpstreamReply.Complete(upstream, status, text, attempts));
      }
      Optional<Duration> retryAfter =
          RetryAfter.parse(exchange.header("Retry-After").orElse(null), clock.instant());
      return Outcome.failed(result, retryAfter);
    } catch (IOException e) {
      return Outcome.failed(classify(e), Optional.empty());
    } catch (InterruptedException | RuntimeException e) {
      upstream.breaker().release();
      throw e;
    } finally {
      if (exchange != null && !handedOver) {
        exchange.close();
      }
    }
  }

  /** Maps a transport exception to a failure kind. */
  static AttemptResult.Failed classify(IOException e) {
    AttemptResult.FailureKind kind = AttemptResult.FailureKind.IO;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
        kind = AttemptResult.FailureKind.CONNECT;
        break;
      }
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        kind = AttemptResult.FailureKind.TIMEOUT;
        break;
      }
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new AttemptResult.Failed(kind, message);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Duration earliest(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** An attempt's result, and the reply to build when it produced one. */
  private record Outcome(
      AttemptResult result,
      Optional<Duration> retryAfter,
      Function<List<Attempt>, UpstreamReply> reply) {

    static Outcome replied(AttemptResult result, Function<List<Attempt>, UpstreamReply> reply) {
      return new Outcome(result, Optional.empty(), reply);
    }

    static Outcome failed(AttemptResult result, Optional<Duration> retryAfter) {
      return new Outcome(result, retryAfter, null);
    }
  }
}
