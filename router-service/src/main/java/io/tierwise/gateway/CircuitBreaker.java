package io.tierwise.gateway;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Stops calling an upstream that keeps failing: CLOSED until {@code failureThreshold} failures fall
 * within {@code window}, then OPEN (calls rejected) for {@code openDuration}, then HALF_OPEN where
 * {@code halfOpenProbes} probe calls decide: a success closes the circuit, a failure opens it
 * again.
 *
 * <p>Every {@link #tryAcquire()} that returns true must be followed by exactly one {@link
 * #recordSuccess()}, {@link #recordFailure()} or {@link #release()}. Thread-safe.
 */
public final class CircuitBreaker {

  private final CircuitBreakerSettings settings;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Instant> failures = new ArrayDeque<>();
  private CircuitState state = CircuitState.CLOSED;
  private Instant openedAt;
  private int probesInFlight;

  public CircuitBreaker(CircuitBreakerSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Asks to call the upstream now; false means skip it (open, or half-open with probes busy). */
  public boolean tryAcquire() {
    lock.lock();
    try {
      Instant now = clock.instant();
      halfOpenWhenDue(now);
      return switch (state) {
        case CLOSED -> true;
        case OPEN -> false;
        case HALF_OPEN -> {
          if (probesInFlight < settings.halfOpenProbes()) {
            probesInFlight++;
            yield true;
          }
          yield false;
        }
      };
    } finally {
      lock.unlock();
    }
  }

  /** The permitted call worked (or failed for a reason that says nothing about the upstream). */
  public void recordSuccess() {
    lock.lock();
    try {
      if (state == CircuitState.HALF_OPEN) {
        state = CircuitState.CLOSED;
        failures.clear();
        probesInFlight = 0;
        openedAt = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The permitted call ended without a verdict on the upstream (the client went away, the thread
   * was interrupted): frees a half-open probe slot without changing the state.
   */
  public void release() {
    lock.lock();
    try {
      if (state == CircuitState.HALF_OPEN && probesInFlight > 0) {
        probesInFlight--;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The permitted call failed: connection error, timeout, 429 or 5xx. */
  public void recordFailure() {
    lock.lock();
    try {
      Instant now = clock.instant();
      switch (state) {
        case HALF_OPEN -> {
          failures.addLast(now);
          open(now);
        }
        case CLOSED -> {
          failures.addLast(now);
          evictOutsideWindow(now);
          if (failures.size() >= settings.failureThreshold()) {
            open(now);
          }
        }
        case OPEN -> {
          // A call acquired before the circuit opened finished late: count it, keep the state.
          failures.addLast(now);
          evictOutsideWindow(now);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The current state, moving OPEN to HALF_OPEN when the open duration has passed. */
  public CircuitState state() {
    return snapshot().state();
  }

  /** State, failures in the current window and when the circuit last opened. */
  public Snapshot snapshot() {
    lock.lock();
    try {
      Instant now = clock.instant();
      halfOpenWhenDue(now);
      evictOutsideWindow(now);
      return new Snapshot(state, failures.size(), Optional.ofNullable(openedAt));
    } finally {
      lock.unlock();
    }
  }

  private void halfOpenWhenDue(Instant now) {
    if (state == CircuitState.OPEN && !now.isBefore(openedAt.plus(settings.openDuration()))) {
      state = CircuitState.HALF_OPEN;
      probesInFlight = 0;
    }
  }

  private void open(Instant now) {
    state = CircuitState.OPEN;
    openedAt = now;
    probesInFlight = 0;
  }

  private void evictOutsideWindow(Instant now) {
    Instant cutoff = now.minus(settings.window());
    while (!failures.isEmpty() && !failures.peekFirst().isAfter(cutoff)) {
      failures.removeFirst();
    }
  }

  /**
   * A point-in-time view of the breaker.
   *
   * @param state current state
   * @param recentFailures failures within the window ending now
   * @param openedAt when the circuit last opened, if it is open or half-open
   */
  public record Snapshot(CircuitState state, int recentFailures, Optional<Instant> openedAt) {
    public Snapshot {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(openedAt, "openedAt");
    }
  }
}
