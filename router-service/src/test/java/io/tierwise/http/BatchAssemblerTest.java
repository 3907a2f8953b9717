package io.tierwise.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batching rule, on a scripted timeline with a fake clock: no sleeping, no timing. */
class BatchAssemblerTest {

  private static final long US = 1_000L;
  private static final long MS = 1_000_000L;
  private static final long NEVER = Long.MAX_VALUE;

  /**
   * A call on the timeline: announced (the server is reading it) from {@code announced}, queued at
   * {@code arrival}, or withdrawn at {@code withdrawn} without ever arriving.
   */
  private record Call(String name, long announced, long arrival, long withdrawn) {
    boolean expectedAt(long now) {
      return announced <= now && now < Math.min(arrival, withdrawn);
    }
  }

  private static Call queued(String name, long at) {
    return new Call(name, at, at, NEVER);
  }

  private static Call announced(String name, long from, long arrival) {
    return new Call(name, from, arrival, NEVER);
  }

  private static Call withdrawn(String name, long from, long at) {
    return new Call(name, from, NEVER, at);
  }

  /**
   * Arrivals scripted on a fake clock: waiting advances the clock to the next arrival or to the
   * timeout, whichever comes first.
   */
  private static final class Timeline implements ArrivalQueue<Call> {
    private final List<Call> waiting = new ArrayList<>();
    private final List<Call> all;
    long now;

    Timeline(long start, Call... calls) {
      now = start;
      all = List.of(calls);
      for (Call call : calls) {
        if (call.arrival() != NEVER) {
          waiting.add(call);
        }
      }
      waiting.sort(Comparator.comparingLong(Call::arrival));
    }

    int expected() {
      return (int) all.stream().filter(c -> c.expectedAt(now)).count();
    }

    @Override
    public Call take() {
      if (waiting.isEmpty()) {
        throw new IllegalStateException("the script has no more arrivals: take() would block");
      }
      now = Math.max(now, waiting.get(0).arrival());
      return waiting.remove(0);
    }

    @Override
    public Call poll(long timeoutNanos) {
      if (!waiting.isEmpty() && waiting.get(0).arrival() <= now + timeoutNanos) {
        now = Math.max(now, waiting.get(0).arrival());
        return waiting.remove(0);
      }
      now += timeoutNanos;
      return null;
    }

    @Override
    public int size() {
      return (int) waiting.stream().filter(c -> c.arrival() <= now).count();
    }

    @Override
    public int drainTo(Collection<? super Call> sink, int max) {
      int moved = 0;
      while (moved < max && !waiting.isEmpty() && waiting.get(0).arrival() <= now) {
        sink.add(waiting.remove(0));
        moved++;
      }
      return moved;
    }
  }

  private static BatchAssembler<Call> assembler(int maxBatch, long maxWait, Timeline timeline) {
    return assembler(maxBatch, maxWait, 1, timeline);
  }

  private static BatchAssembler<Call> assembler(
      int maxBatch, long maxWait, int workers, Timeline timeline) {
    return new BatchAssembler<>(
        maxBatch,
        maxWait,
        workers,
        timeline,
        () -> timeline.now,
        Call::arrival,
        timeline::expected);
  }

  private static List<String> names(List<Call> batch) {
    return batch.stream().map(Call::name).toList();
  }

  @Test
  void aLoneRequestIsDispatchedWithoutWaiting() throws Exception {
    Timeline timeline = new Timeline(0, queued("a", 0));

    assertEquals(List.of("a"), names(assembler(32, 2 * MS, timeline).next()));
    assertEquals(0, timeline.now, "no time may pass before a lone request is dispatched");
  }

  @Test
  void queuedRequestsWithNothingMoreExpectedGoAtOnce() throws Exception {
    // A closed loop of three clients: all their requests are queued, none can come before answers.
    Timeline timeline = new Timeline(0, queued("a", 0), queued("b", 0), queued("c", 0));

    assertEquals(List.of("a", "b", "c"), names(assembler(32, 2 * MS, timeline).next()));
    assertEquals(0, timeline.now);
  }

  @Test
  void aBatchWaitsForRequestsTheServerIsReading() throws Exception {
    Timeline timeline = new Timeline(0, queued("a", 0), announced("b", 0, 300 * US));

    assertEquals(List.of("a", "b"), names(assembler(32, 2 * MS, timeline).next()));
    assertEquals(300 * US, timeline.now);
  }

  @Test
  void waitingEndsMaxWaitAfterTheOldestArrived() throws Exception {
    Timeline timeline =
        new Timeline(0, queued("a", 0), announced("b", 0, 500 * US), announced("c", 0, 5 * MS));
    BatchAssembler<Call> assembler = assembler(32, 2 * MS, timeline);

    assertEquals(List.of("a", "b"), names(assembler.next()));
    assertEquals(2 * MS, timeline.now);
    assertEquals(List.of("c"), names(assembler.next()));
    assertEquals(5 * MS, timeline.now);
  }

  @Test
  void aWithdrawnAnnouncementEndsTheWaitAtTheNextRecheck() throws Exception {
    // b turned out invalid while being read: nothing else is expected after 350 us.
    Timeline timeline = new Timeline(0, queued("a", 0), withdrawn("b", 0, 350 * US));

    assertEquals(List.of("a"), names(assembler(32, 2 * MS, timeline).next()));
    assertEquals(4 * BatchAssembler.RECHECK_NANOS, timeline.now);
  }

  @Test
  void aFullBatchIsDispatchedAtOnce() throws Exception {
    Timeline timeline =
        new Timeline(
            0,
            queued("a", 0),
            queued("b", 0),
            queued("c", 0),
            queued("d", 0),
            announced("e", 0, MS));
    BatchAssembler<Call> assembler = assembler(3, 2 * MS, timeline);

    assertEquals(List.of("a", "b", "c"), names(assembler.next()));
    assertEquals(0, timeline.now);
  }

  @Test
  void requestsThatAlreadyQueuedLongerThanMaxWaitAreNotHeldFurther() throws Exception {
    // The worker was busy until 5 ms: a has waited longer than max-wait already.
    Timeline timeline =
        new Timeline(5 * MS, queued("a", 0), queued("b", MS), announced("c", 4 * MS, 6 * MS));

    assertEquals(List.of("a", "b"), names(assembler(32, 2 * MS, timeline).next()));
    assertEquals(5 * MS, timeline.now);
  }

  @Test
  void zeroMaxWaitNeverWaits() throws Exception {
    Timeline timeline = new Timeline(0, queued("a", 0), announced("b", 0, 1));

    assertEquals(List.of("a"), names(assembler(32, 0, timeline).next()));
    assertEquals(0, timeline.now);
  }

  @Test
  void twoWorkersSplitABacklogInsteadOfOneTakingAll() throws Exception {
    Timeline timeline =
        new Timeline(0, queued("a", 0), queued("b", 0), queued("c", 0), queued("d", 0));
    BatchAssembler<Call> assembler = assembler(32, 2 * MS, 2, timeline);

    assertEquals(List.of("a", "b"), names(assembler.next()));
    // The other worker's turn: c and d left on two workers.
    assertEquals(List.of("c"), names(assembler.next()));
    assertEquals(List.of("d"), names(assembler.next()));
    assertEquals(0, timeline.now);
  }

  @Test
  void threeQueuedOnTwoWorkersStillGoOneAtATime() throws Exception {
    // A share of 1.5 rounds down: the third goes to whichever worker frees first.
    Timeline timeline = new Timeline(0, queued("a", 0), queued("b", 0), queued("c", 0));

    assertEquals(List.of("a"), names(assembler(32, 0, 2, timeline).next()));
  }

  @Test
  void withTwoWorkersARequestDoesNotWaitForTheOneBeingRead() throws Exception {
    // Two calls pending, two workers: each goes on its own worker, neither waits for the other.
    Timeline timeline = new Timeline(0, queued("a", 0), announced("b", 0, 300 * US));

    assertEquals(List.of("a"), names(assembler(32, 2 * MS, 2, timeline).next()));
    assertEquals(0, timeline.now);
  }

  @Test
  void withTwoWorkersABatchWaitsForItsShareOfTheRequestsBeingRead() throws Exception {
    // Four calls pending on two workers: a's batch waits for b, its second of two.
    Timeline timeline =
        new Timeline(
            0,
            queued("a", 0),
            announced("b", 0, 200 * US),
            announced("c", 0, 400 * US),
            announced("d", 0, 600 * US));

    assertEquals(List.of("a", "b"), names(assembler(32, 2 * MS, 2, timeline).next()));
    assertEquals(200 * US, timeline.now);
  }

  @Test
  void withoutMaxWaitRequestsBeingReadDoNotEnlargeTheShare() throws Exception {
    // b would be the other worker's; counting c and d (not yet queued) would hand both to a's
    // batch.
    Timeline timeline =
        new Timeline(
            0, queued("a", 0), queued("b", 0), announced("c", 0, MS), announced("d", 0, MS));

    assertEquals(List.of("a"), names(assembler(32, 0, 2, timeline).next()));
    assertEquals(0, timeline.now);
  }

  @Test
  void anOverloadBacklogStillFormsFullBatches() throws Exception {
    Call[] backlog = new Call[100];
    for (int i = 0; i < backlog.length; i++) {
      backlog[i] = queued("q" + i, 0);
    }
    Timeline timeline = new Timeline(0, backlog);
    BatchAssembler<Call> assembler = assembler(32, 2 * MS, 2, timeline);

    assertEquals(32, assembler.next().size());
    assertEquals(32, assembler.next().size());
    assertEquals(18, assembler.next().size(), "36 left on 2 workers: a share of 18");
  }

  @Test
  void rejectsInvalidLimits() {
    Timeline timeline = new Timeline(0);
    assertThrows(IllegalArgumentException.class, () -> assembler(0, MS, timeline));
    assertThrows(IllegalArgumentException.class, () -> assembler(1, -1, timeline));
    assertThrows(IllegalArgumentException.class, () -> assembler(1, MS, 0, timeline));
  }
}
