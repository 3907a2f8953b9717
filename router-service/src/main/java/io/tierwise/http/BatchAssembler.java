package io.tierwise.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Decides which queued items go into the next batch. The rule never holds a call back for company
 * that is not already on its way:
 *
 * <ol>
 *   <li>Wait for an item, then take everything already queued behind it, up to {@code maxBatch}.
 *   <li>If the batch is full, or no further call is <em>expected</em> (announced by the server
 *       while it reads the request, but not yet queued), dispatch at once. At low load a request
 *       therefore goes alone with no added delay; and when every open connection's request is
 *       already in the batch (a closed loop of clients) nothing is gained by waiting either.
 *   <li>Otherwise keep collecting while calls are expected, until the batch is full or {@code
 *       maxWait} has passed since the oldest item <em>arrived</em>. Items that already waited that
 *       long (because every worker was busy) are not held back any further.
 * </ol>
 *
 * Under load, batches also form on their own while workers are busy routing the previous batch.
 */
final class BatchAssembler<T> {

  /** How often a wait re-checks whether calls are still expected (an announced call may fail). */
  static final long RECHECK_NANOS = 100_000;

  private final int maxBatch;
  private final long maxWaitNanos;
  private final ArrivalQueue<T> queue;
  private final LongSupplier nanoClock;
  private final ToLongFunction<T> arrivalNanos;
  private final IntSupplier expected;

  /**
   * @param nanoClock the clock {@code arrivalNanos} is measured on, e.g. {@code System::nanoTime}
   * @param arrivalNanos when an item was queued
   * @param expected calls announced but not yet queued
   */
  BatchAssembler(
      int maxBatch,
      long maxWaitNanos,
      ArrivalQueue<T> queue,
      LongSupplier nanoClock,
      ToLongFunction<T> arrivalNanos,
      IntSupplier expected) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, got: " + maxBatch);
    }
    if (maxWaitNanos < 0) {
      throw new IllegalArgumentException("maxWaitNanos must be >= 0, got: " + maxWaitNanos);
    }
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWaitNanos;
    this.queue = Objects.requireNonNull(queue, "queue");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.arrivalNanos = Objects.requireNonNull(arrivalNanos, "arrivalNanos");
    this.expected = Objects.requireNonNull(expected, "expected");
  }

  /**
   * Blocks until at least one item is queued, and returns the next batch in arrival order.
   *
   * @throws InterruptedException if interrupted before any item was taken; once one was taken, an
   *     interrupt ends the wait and the batch is returned with the thread's interrupt flag set
   */
  List<T> next() throws InterruptedException {
    T first = queue.take();
    List<T> batch = new ArrayList<>(Math.min(maxBatch, 64));
    batch.add(first);
    queue.drainTo(batch, maxBatch - 1);
    long deadline = arrivalNanos.applyAsLong(first) + maxWaitNanos;
    while (batch.size() < maxBatch && expected.getAsInt() > 0) {
      long remaining = deadline - nanoClock.getAsLong();
      if (remaining <= 0) {
        break;
      }
      T next;
      try {
        next = queue.poll(Math.min(remaining, RECHECK_NANOS));
      } catch (InterruptedException e) {
        // Shutting down: the items taken so far must still be dispatched, not dropped.
        Thread.currentThread().interrupt();
        break;
      }
      if (next != null) {
        batch.add(next);
        queue.drainTo(batch, maxBatch - batch.size());
      }
    }
    return batch;
  }
}
