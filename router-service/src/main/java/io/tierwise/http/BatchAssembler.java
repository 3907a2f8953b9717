package io.tierwise.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Decides which queued items go into the next batch. The rule never holds a call back for company
 * that is not already on its way, and never takes more than this worker's share of the work:
 *
 * <ol>
 *   <li>Wait for an item. The worker's <em>share</em> is the calls pending (taken, queued, and,
 *       when {@code maxWait > 0}, <em>expected</em>: announced by the server while it reads the
 *       request, but not yet queued) divided among the workers, rounded down, at least one and at
 *       most {@code maxBatch}.
 *   <li>Take what is already queued, up to the share. If the batch holds its share, or no further
 *       call is expected, dispatch at once. At low load a request therefore goes alone with no
 *       added delay; and when every open connection's request is already in the batch (a closed
 *       loop of clients) nothing is gained by waiting either.
 *   <li>Otherwise keep collecting while calls are expected, until the batch holds its share or
 *       {@code maxWait} has passed since the oldest item <em>arrived</em>. Items that already
 *       waited that long (because every worker was busy) are not held back any further.
 * </ol>
 *
 * Why shares: a batch's callers all wait for the whole batch, and a worker that drained the queue
 * would leave the other workers idle. With a share, two or three calls pending on two workers go
 * one at a time to whichever worker is free, while a backlog (overload) still forms full batches,
 * whose per-call overhead is lower: 940 against 790 req/s at saturation on two cores
 * (benchmarks/results/route-load-batching.md).
 */
final class BatchAssembler<T> {

  /** How often a wait re-checks whether calls are still expected (an announced call may fail). */
  static final long RECHECK_NANOS = 100_000;

  private final int maxBatch;
  private final long maxWaitNanos;
  private final int workers;
  private final ArrivalQueue<T> queue;
  private final LongSupplier nanoClock;
  private final ToLongFunction<T> arrivalNanos;
  private final IntSupplier expected;

  /**
   * @param workers workers taking batches from the same queue, at least 1
   * @param nanoClock the clock {@code arrivalNanos} is measured on, e.g. {@code System::nanoTime}
   * @param arrivalNanos when an item was queued
   * @param expected calls announced but not yet queued
   */
  BatchAssembler(
      int maxBatch,
      long maxWaitNanos,
      int workers,
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
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got: " + workers);
    }
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWaitNanos;
    this.workers = workers;
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
    queue.drainTo(batch, share(batch.size()) - 1);
    long deadline = arrivalNanos.applyAsLong(first) + maxWaitNanos;
    while (batch.size() < share(batch.size()) && expected.getAsInt() > 0) {
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
        queue.drainTo(batch, Math.max(0, share(batch.size()) - batch.size()));
      }
    }
    return batch;
  }

  /**
   * This worker's share of the calls pending, {@code taken} of them already in its batch. Calls
   * still being read count only if the batch may wait for them ({@code maxWait > 0}): otherwise
   * they would enlarge the share at the expense of an idle worker.
   */
  private int share(int taken) {
    long pending = (long) taken + queue.size() + (maxWaitNanos > 0 ? expected.getAsInt() : 0);
    return (int) Math.min(maxBatch, Math.max(1, pending / workers));
  }
}
