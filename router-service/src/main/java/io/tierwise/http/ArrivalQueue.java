package io.tierwise.http;

import java.util.Collection;

/**
 * The queue a {@link BatchAssembler} takes items from; an interface so tests can script arrivals on
 * a fake clock instead of sleeping.
 */
interface ArrivalQueue<T> {

  /** Waits for the next item. */
  T take() throws InterruptedException;

  /** The next item, waiting at most {@code timeoutNanos}; {@code null} if none came. */
  T poll(long timeoutNanos) throws InterruptedException;

  /** Items already queued. */
  int size();

  /** Moves up to {@code max} items that are already queued into {@code sink}; returns how many. */
  int drainTo(Collection<? super T> sink, int max);
}
