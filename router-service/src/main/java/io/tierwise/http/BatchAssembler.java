package io.tierwise.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Decides which queued items go into the next batch. The rule keeps latency flat at low load:
 *
 * <ol>
 *   <li>Wait for an item, then take everything already queued behind it, up to {@code maxBatch}.
 *   <li>If that is a single item, dispatch it now: nothing else is waiting, so holding it could
 *       only add latency. At low load every request therefore goes alone, with no added delay.
 *   <li>If it is a full batch, dispatch it now.
 *   <li>Otherwise requests are arriving concurrently: keep collecting until the batch is full or
 *       {@code maxWait} has passed since the oldest item <em>arrived</em>, then dispatch. Items
 *       that already waited that long (because every worker was busy) are not held back any
 *       further.
 * </ol>
 *
 * Under load, batches form mostly on their own while workers are busy; the short wait only tops up
 * a batch that already has company.
 */
final class BatchAssembler<T> {

  private final int maxBatch;
  private final long maxWaitNanos;
  private final ArrivalQueue<T> queue;
  private final LongSupplier nanoClock;
  private final ToLongFunction<T> arrivalNanos;

  /**
   * @param nanoClock the clock {@code arrivalNanos} is measured on, e.g. {@code System::nanoTime}
   * @param arrivalNanos when an item was queued
   */
  BatchAssembler(
      int maxBatch,
      long maxWaitNanos,
      ArrivalQueue<T> queue,
      LongSupplier nanoClock,
      ToLongFunction<T> arrivalNanos) {
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
    if (batch.size() == 1 || batch.size() >= maxBatch) {
      return batch;
    }
    long deadline = arrivalNanos.applyAsLong(first) + maxWaitNanos;
    while (batch.size() < maxBatch) {
      long remaining = deadline - nanoClock.getAsLong();
      if (remaining <= 0) {
        break;
      }
      T next;
      try {
        next = queue.poll(remaining);
      } catch (InterruptedException e) {
        // Shutting down: the items taken so far must still be dispatched, not dropped.
        Thread.currentThread().interrupt();
        break;
      }
      if (next == null) {
        break;
      }
      batch.add(next);
      queue.drainTo(batch, maxBatch - batch.size());
    }
    return batch;
  }
}
