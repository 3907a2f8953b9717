package io.tierwise.gateway;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An upstream response body with a read (idle) timeout and an optional absolute deadline. The JDK
 * HTTP client has no per-read timeout for bodies, so a timer closes the stream when either limit
 * passes; the blocked read then fails with {@link SocketTimeoutException}.
 */
final class DeadlineInputStream extends FilterInputStream {

  private final ScheduledExecutorService timer;
  private final long idleNanos;
  private volatile long deadlineNanos;
  private volatile long lastActivityNanos;
  private volatile String expiry;
  private volatile boolean closed;
  private volatile ScheduledFuture<?> check;

  /**
   * @param idle longest silence between reads
   * @param untilDeadline time left until the absolute deadline
   */
  DeadlineInputStream(
      InputStream in, Duration idle, Duration untilDeadline, ScheduledExecutorService timer) {
    super(in);
    this.timer = timer;
    this.idleNanos = idle.toNanos();
    long now = System.nanoTime();
    this.lastActivityNanos = now;
    this.deadlineNanos = now + Math.max(0, untilDeadline.toNanos());
    scheduleCheck(Math.min(idleNanos, Math.max(0, deadlineNanos - now)));
  }

  /** Drops the absolute deadline; only the idle timeout applies from now on. */
  void clearDeadline() {
    deadlineNanos = Long.MAX_VALUE;
  }

  @Override
  public int read() throws IOException {
    try {
      int b = super.read();
      lastActivityNanos = System.nanoTime();
      return b;
    } catch (IOException e) {
      throw translated(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      int n = super.read(b, off, len);
      lastActivityNanos = System.nanoTime();
      return n;
    } catch (IOException e) {
      throw translated(e);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    ScheduledFuture<?> pending = check;
    if (pending != null) {
      pending.cancel(false);
    }
    super.close();
  }

  private IOException translated(IOException e) {
    String reason = expiry;
    if (reason == null) {
      return e;
    }
    SocketTimeoutException timeout = new SocketTimeoutException(reason);
    timeout.initCause(e);
    return timeout;
  }

  private void scheduleCheck(long delayNanos) {
    if (!closed) {
      check = timer.schedule(this::checkExpiry, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void checkExpiry() {
    if (closed) {
      return;
    }
    long now = System.nanoTime();
    long idleLeft = lastActivityNanos + idleNanos - now;
    long deadlineLeft = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - now;
    if (idleLeft <= 0) {
      expire("no data from upstream for " + Duration.ofNanos(idleNanos).toMillis() + " ms");
    } else if (deadlineLeft <= 0) {
      expire("upstream time budget exhausted");
    } else {
      scheduleCheck(Math.min(idleLeft, deadlineLeft));
    }
  }

  private void expire(String reason) {
    expiry = reason;
    try {
      super.close();
    } catch (IOException ignored) {
      // Closing only serves to unblock the reader, which reports the timeout.
    }
  }
}
