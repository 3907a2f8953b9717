package io.tierwise.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batching rule, on a scripted timeline with a fake clock: no sleeping, no timing. */
class BatchAssemblerTest {

  private static final long MS = 1_000_000L;

  /** An item that arrives at a given time on the fake clock. */
  private record Call(String name, long arrival) {}

  /**
   * Arrivals scripted on a fake clock: waiting advances the clock to the next arrival or to the
   * timeout, whichever comes first.
   */
  private static final class Timeline implements ArrivalQueue<Call> {
    private final Deque<Call> future = new ArrayDeque<>();
    long now;

    Timeline(long start, Call... calls) {
      now = start;
      future.addAll(List.of(calls));
    }

    @Override
    public Call take() {
      if (future.isEmpty()) {
        throw new IllegalStateException("the script has no more arrivals: take() would block");
      }
      now = Math.max(now, future.peek().arrival());
      return future.poll();
    }

    @Override
    public Call poll(long timeoutNanos) {
      if (!future.isEmpty() && future.peek().arrival() <= now + timeoutNanos) {
        now = Math.max(now, future.peek().arrival());
        return future.poll();
      }
      now += timeoutNanos;
      return null;
    }

    @Override
    public int drainTo(Collection<? super Call> sink, int max) {
      int moved = 0;
      while (moved < max && !future.isEmpty() && future.peek().arrival() <= now) {
        sink.add(future.poll());
        moved++;
      }
      return moved;
    }
  }

  private static BatchAssembler<Call> assembler(int maxBatch, long maxWait, Timeline timeline) {
    return new BatchAssembler<>(maxBatch, maxWait, timeline, () -> timeline.now, Call::arrival);
  }

  private static List<String> names(List<Call> batch) {
    return batch.stream().map(Call::name).toList();
  }

  @Test
  void aLoneRequestIsDispatchedWithoutWaiting() throws Exception {
    Timeline timeline = new Timeline(0, new Call("a", 0));

    List<Call> batch = assembler(32, 2 * MS, timeline).next();

    assertEquals(List.of("a"), names(batch));
    assertEquals(0, timeline.now, "no time may pass before a lone request is dispatched");
  }

  @Test
  void aRequestThatFollowsALoneOneIsNotWaitedFor() throws Exception {
    Timeline timeline = new Timeline(0, new Call("a", 0), new Call("b", MS));
    BatchAssembler<Call> assembler = assembler(32, 2 * MS, timeline);

    assertEquals(List.of("a"), names(assembler.next()));
    assertEquals(0, timeline.now);
    assertEquals(List.of("b"), names(assembler.next()));
    assertEquals(MS, timeline.now);
  }

  @Test
  void concurrentRequestsWaitForCompanyUntilTheOldestHasWaitedMaxWait() throws Exception {
    Timeline timeline =
        new Timeline(
            0, new Call("a", 0), new Call("b", 0), new Call("c", MS), new Call("d", 3 * MS));
    BatchAssembler<Call> assembler = assembler(32, 2 * MS, timeline);

    assertEquals(List.of("a", "b", "c"), names(assembler.next()));
    assertEquals(2 * MS, timeline.now, "dispatched when a had waited max-wait");
    assertEquals(List.of("d"), names(assembler.next()));
  }

  @Test
  void aFullBatchIsDispatchedAtOnce() throws Exception {
    Timeline timeline =
        new Timeline(0, new Call("a", 0), new Call("b", 0), new Call("c", 0), new Call("d", 0));
    BatchAssembler<Call> assembler = assembler(3, 2 * MS, timeline);

    assertEquals(List.of("a", "b", "c"), names(assembler.next()));
    assertEquals(0, timeline.now);
    assertEquals(List.of("d"), names(assembler.next()));
    assertEquals(0, timeline.now);
  }

  @Test
  void waitingStopsAsSoonAsTheBatchFills() throws Exception {
    Timeline timeline = new Timeline(0, new Call("a", 0), new Call("b", 0), new Call("c", MS / 2));

    List<Call> batch = assembler(3, 2 * MS, timeline).next();

    assertEquals(List.of("a", "b", "c"), names(batch));
    assertEquals(MS / 2, timeline.now);
  }

  @Test
  void requestsThatAlreadyQueuedLongerThanMaxWaitAreNotHeldFurther() throws Exception {
    // The worker was busy until 5 ms: a and b have waited longer than max-wait already.
    Timeline timeline =
        new Timeline(5 * MS, new Call("a", 0), new Call("b", MS), new Call("c", 6 * MS));
    BatchAssembler<Call> assembler = assembler(32, 2 * MS, timeline);

    assertEquals(List.of("a", "b"), names(assembler.next()));
    assertEquals(5 * MS, timeline.now);
  }

  @Test
  void zeroMaxWaitTakesOnlyWhatIsQueued() throws Exception {
    Timeline timeline = new Timeline(0, new Call("a", 0), new Call("b", 0), new Call("c", 1));
    BatchAssembler<Call> assembler = assembler(32, 0, timeline);

    assertEquals(List.of("a", "b"), names(assembler.next()));
    assertEquals(0, timeline.now);
  }

  @Test
  void rejectsInvalidLimits() {
    Timeline timeline = new Timeline(0);
    assertThrows(IllegalArgumentException.class, () -> assembler(0, MS, timeline));
    assertThrows(IllegalArgumentException.class, () -> assembler(1, -1, timeline));
  }
}
