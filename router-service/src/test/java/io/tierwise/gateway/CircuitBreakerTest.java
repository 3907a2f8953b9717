package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final ManualClock clock = new ManualClock();
  private final CircuitBreaker breaker =
      new CircuitBreaker(
          new CircuitBreakerSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30), 1), clock);

  private void fail() {
    assertTrue(breaker.tryAcquire());
    breaker.recordFailure();
  }

  @Test
  void opensAfterThresholdFailuresWithinTheWindow() {
    fail();
    fail();
    assertEquals(CircuitState.CLOSED, breaker.state());
    assertEquals(2, breaker.snapshot().recentFailures());
    fail();
    assertEquals(CircuitState.OPEN, breaker.state());
    assertFalse(breaker.tryAcquire());
    assertTrue(breaker.snapshot().openedAt().isPresent());
  }

  @Test
  void failuresOutsideTheWindowDoNotCount() {
    fail();
    fail();
    clock.advance(Duration.ofSeconds(11));
    fail();
    assertEquals(CircuitState.CLOSED, breaker.state());
    assertEquals(1, breaker.snapshot().recentFailures());
  }

  @Test
  void halfOpensAfterTheOpenDurationAndLetsExactlyOneProbeThrough() {
    fail();
    fail();
    fail();
    clock.advance(Duration.ofSeconds(29));
    assertEquals(CircuitState.OPEN, breaker.state());
    clock.advance(Duration.ofSeconds(1));
    assertEquals(CircuitState.HALF_OPEN, breaker.state());
    assertTrue(breaker.tryAcquire());
    assertFalse(breaker.tryAcquire(), "a second concurrent probe must be refused");
  }

  @Test
  void successfulProbeClosesTheCircuitAndClearsFailures() {
    fail();
    fail();
    fail();
    clock.advance(Duration.ofSeconds(30));
    assertTrue(breaker.tryAcquire());
    breaker.recordSuccess();
    assertEquals(
        new CircuitBreaker.Snapshot(CircuitState.CLOSED, 0, Optional.empty()), breaker.snapshot());
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void failedProbeReopensForAnotherFullOpenDuration() {
    fail();
    fail();
    fail();
    clock.advance(Duration.ofSeconds(30));
    Instant probeTime = clock.instant();
    assertTrue(breaker.tryAcquire());
    breaker.recordFailure();
    assertEquals(CircuitState.OPEN, breaker.state());
    Instant reopened = breaker.snapshot().openedAt().orElseThrow();
    assertFalse(reopened.isBefore(probeTime));
    clock.advance(Duration.ofSeconds(29));
    assertFalse(breaker.tryAcquire());
  }

  @Test
  void releasedProbeFreesItsSlotWithoutChangingState() {
    fail();
    fail();
    fail();
    clock.advance(Duration.ofSeconds(30));
    assertTrue(breaker.tryAcquire());
    breaker.release();
    assertEquals(CircuitState.HALF_OPEN, breaker.state());
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void successWhileClosedKeepsCountedFailures() {
    fail();
    assertTrue(breaker.tryAcquire());
    breaker.recordSuccess();
    assertEquals(1, breaker.snapshot().recentFailures());
  }
}
