package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final AttemptResult SERVER_ERROR = new AttemptResult.Status(503);
  private static final Duration PLENTY = Duration.ofMinutes(5);

  private static RetrySettings settings(int attempts, boolean jitter) {
    return new RetrySettings(
        attempts, Duration.ofMillis(100), Duration.ofMillis(1000), jitter, Duration.ofSeconds(10));
  }

  @Test
  void retriesConnectErrorsTimeouts429And5xxButNotOther4xx() {
    assertTrue(RetryPolicy.isRetryable(new AttemptResult.Status(429)));
    assertTrue(RetryPolicy.isRetryable(new AttemptResult.Status(500)));
    assertTrue(RetryPolicy.isRetryable(new AttemptResult.Status(504)));
    assertTrue(
        RetryPolicy.isRetryable(
            new AttemptResult.Failed(AttemptResult.FailureKind.CONNECT, "refused")));
    assertTrue(
        RetryPolicy.isRetryable(
            new AttemptResult.Failed(AttemptResult.FailureKind.TIMEOUT, "slow")));
    assertFalse(RetryPolicy.isRetryable(new AttemptResult.Status(400)));
    assertFalse(RetryPolicy.isRetryable(new AttemptResult.Status(401)));
    assertFalse(RetryPolicy.isRetryable(new AttemptResult.Status(404)));
    assertFalse(RetryPolicy.isRetryable(new AttemptResult.CircuitOpen()));
  }

  @Test
  void backoffDoublesUpToTheCapWithoutJitter() {
    RetryPolicy policy = new RetryPolicy(settings(10, false), () -> 0.0);
    assertEquals(Duration.ofMillis(100), policy.backoff(1));
    assertEquals(Duration.ofMillis(200), policy.backoff(2));
    assertEquals(Duration.ofMillis(400), policy.backoff(3));
    assertEquals(Duration.ofMillis(800), policy.backoff(4));
    assertEquals(Duration.ofMillis(1000), policy.backoff(5));
    assertEquals(Duration.ofMillis(1000), policy.backoff(200), "no overflow for huge retry counts");
  }

  @Test
  void fullJitterDrawsUniformlyBelowTheExponentialBackoff() {
    long seed = 20240611L;
    System.out.println("RetryPolicyTest seed: " + seed);
    Random random = new Random(seed);
    RetryPolicy policy = new RetryPolicy(settings(10, true), random::nextDouble);
    long sum = 0;
    int n = 2000;
    for (int i = 0; i < n; i++) {
      Duration d = policy.backoff(3);
      assertTrue(!d.isNegative() && d.compareTo(Duration.ofMillis(400)) < 0, d.toString());
      sum += d.toMillis();
    }
    double mean = (double) sum / n;
    assertTrue(mean > 180 && mean < 220, "mean of U[0,400) should be near 200, got " + mean);
  }

  @Test
  void stopsAfterMaxAttemptsAndOnNonRetryableResults() {
    RetryPolicy policy = new RetryPolicy(settings(3, false), () -> 0.5);
    assertEquals(
        Optional.of(Duration.ofMillis(100)),
        policy.delayBeforeRetry(1, SERVER_ERROR, Optional.empty(), PLENTY));
    assertEquals(
        Optional.of(Duration.ofMillis(200)),
        policy.delayBeforeRetry(2, SERVER_ERROR, Optional.empty(), PLENTY));
    assertEquals(
        Optional.empty(), policy.delayBeforeRetry(3, SERVER_ERROR, Optional.empty(), PLENTY));
    assertEquals(
        Optional.empty(),
        policy.delayBeforeRetry(1, new AttemptResult.Status(400), Optional.empty(), PLENTY));
  }

  @Test
  void honoursRetryAfterUpToTheCapAndGivesUpBeyondIt() {
    RetryPolicy policy = new RetryPolicy(settings(3, true), () -> 0.5);
    AttemptResult limited = new AttemptResult.Status(429);
    assertEquals(
        Optional.of(Duration.ofSeconds(7)),
        policy.delayBeforeRetry(1, limited, Optional.of(Duration.ofSeconds(7)), PLENTY));
    assertEquals(
        Optional.of(Duration.ofSeconds(10)),
        policy.delayBeforeRetry(1, limited, Optional.of(Duration.ofSeconds(10)), PLENTY));
    assertEquals(
        Optional.empty(),
        policy.delayBeforeRetry(1, limited, Optional.of(Duration.ofSeconds(11)), PLENTY));
  }

  @Test
  void neverWaitsPastTheRemainingBudget() {
    RetryPolicy policy = new RetryPolicy(settings(3, false), () -> 0.5);
    assertEquals(
        Optional.empty(),
        policy.delayBeforeRetry(1, SERVER_ERROR, Optional.empty(), Duration.ofMillis(100)));
    assertEquals(
        Optional.of(Duration.ofMillis(100)),
        policy.delayBeforeRetry(1, SERVER_ERROR, Optional.empty(), Duration.ofMillis(101)));
    assertEquals(
        Optional.empty(),
        policy.delayBeforeRetry(
            1,
            new AttemptResult.Status(429),
            Optional.of(Duration.ofSeconds(2)),
            Duration.ofSeconds(1)));
  }
}
