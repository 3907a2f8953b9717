package io.tierwise.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.config.BatchingSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The threaded batcher. Batches are made to form deterministically by holding the worker inside a
 * batch (a latch) while more calls queue up; no test depends on how fast anything runs.
 */
class MicroBatcherTest {

  /** Long enough that a test would time out if the batcher ever waited it out. */
  private static final Duration NEVER = Duration.ofSeconds(1);

  /** Upper-cases strings and records every batch; the first batch can be held on a latch. */
  private static final class Recording implements Function<List<String>, List<String>> {
    final List<List<String>> batches = new ArrayList<>();
    final CountDownLatch firstEntered = new CountDownLatch(1);
    final CountDownLatch releaseFirst;

    Recording(boolean holdFirst) {
      releaseFirst = new CountDownLatch(holdFirst ? 1 : 0);
    }

    @Override
    public List<String> apply(List<String> inputs) {
      boolean first;
      synchronized (batches) {
        first = batches.isEmpty();
        batches.add(List.copyOf(inputs));
      }
      if (first) {
        firstEntered.countDown();
        await(releaseFirst);
      }
      return inputs.stream().map(String::toUpperCase).toList();
    }

    List<List<String>> batches() {
      synchronized (batches) {
        return List.copyOf(batches);
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "latch not released");
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aLoneCallIsAnsweredWithoutWaitingForCompany() throws Exception {
    Recording function = new Recording(false);
    try (MicroBatcher<String, String> batcher =
        MicroBatcher.start(
            "test",
            new BatchingSettings(32, NEVER, 1),
            function,
            MicroBatcher.BatchListener.NONE)) {

      assertEquals("A", get(batcher.submit("a")));
      assertEquals(List.of(List.of("a")), function.batches());
    }
  }

  @Test
  void callsQueuedWhileAWorkerIsBusyGoOutAsOneBatchInOrder() throws Exception {
    Recording function = new Recording(true);
    List<Integer> sizes = new ArrayList<>();
    try (MicroBatcher<String, String> batcher =
        MicroBatcher.start(
            "test",
            new BatchingSettings(3, NEVER, 1),
            function,
            (size, nanos) -> {
              synchronized (sizes) {
                sizes.add(size);
              }
            })) {
      CompletableFuture<String> first = batcher.submit("a");
      await(function.firstEntered);
      List<CompletableFuture<String>> queued =
          List.of(batcher.submit("b"), batcher.submit("c"), batcher.submit("d"));
      assertEquals(3, batcher.queued());
      function.releaseFirst.countDown();

      assertEquals("A", get(first));
      assertEquals("B", get(queued.get(0)));
      assertEquals("C", get(queued.get(1)));
      assertEquals("D", get(queued.get(2)));
      assertEquals(List.of(List.of("a"), List.of("b", "c", "d")), function.batches());
      synchronized (sizes) {
        assertEquals(List.of(1, 3), sizes);
      }
    }
  }

  @Test
  void aFailedBatchFailsEachOfItsCallsAndTheBatcherGoesOn() throws Exception {
    IllegalStateException failure = new IllegalStateException("embedder crashed");
    List<Integer> calls = new ArrayList<>();
    Function<List<String>, List<String>> flaky =
        inputs -> {
          synchronized (calls) {
            calls.add(inputs.size());
            if (calls.size() == 1) {
              throw failure;
            }
          }
          return inputs;
        };
    try (MicroBatcher<String, String> batcher =
        MicroBatcher.start(
            "test", new BatchingSettings(8, NEVER, 1), flaky, MicroBatcher.BatchListener.NONE)) {

      ExecutionException e = assertThrows(ExecutionException.class, () -> get(batcher.submit("x")));
      assertSame(failure, e.getCause());
      assertEquals("y", get(batcher.submit("y")));
    }
  }

  @Test
  void aBatchFunctionReturningTheWrongCountFailsTheCalls() throws Exception {
    try (MicroBatcher<String, String> batcher =
        MicroBatcher.start(
            "test",
            new BatchingSettings(8, NEVER, 1),
            inputs -> List.of(),
            MicroBatcher.BatchListener.NONE)) {

      ExecutionException e = assertThrows(ExecutionException.class, () -> get(batcher.submit("x")));
      assertEquals("batch function returned 0 results for 1 inputs", e.getCause().getMessage());
    }
  }

  @Test
  void closeFailsQueuedCallsAndRejectsNewOnes() throws Exception {
    Recording function = new Recording(true);
    MicroBatcher<String, String> batcher =
        MicroBatcher.start(
            "test", new BatchingSettings(1, NEVER, 1), function, MicroBatcher.BatchListener.NONE);
    CompletableFuture<String> running = batcher.submit("a");
    await(function.firstEntered);
    CompletableFuture<String> queued = batcher.submit("b");

    Thread closer = Thread.ofPlatform().start(batcher::close);
    // close() marks the batcher closed, then joins the worker, which it lets finish its batch.
    while (closer.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
    function.releaseFirst.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(30));

    assertEquals("A", get(running));
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(queued));
    assertEquals("batcher is closed", e.getCause().getMessage());
    assertThrows(IllegalStateException.class, () -> batcher.submit("c"));
    batcher.close();
  }

  @Test
  void severalWorkersServeBatchesConcurrently() throws Exception {
    Recording function = new Recording(true);
    try (MicroBatcher<String, String> batcher =
        MicroBatcher.start(
            "test", new BatchingSettings(4, NEVER, 2), function, MicroBatcher.BatchListener.NONE)) {
      CompletableFuture<String> held = batcher.submit("a");
      await(function.firstEntered);

      // The first worker is held inside its batch; the second still answers.
      assertEquals("B", get(batcher.submit("b")));
      function.releaseFirst.countDown();
      assertEquals("A", get(held));
    }
  }

  @Test
  void aFormingBatchWaitsForAnAnnouncedCall() throws Exception {
    Recording function = new Recording(false);
    try (MicroBatcher<String, String> batcher =
        MicroBatcher.start(
            "test",
            new BatchingSettings(32, NEVER, 1),
            function,
            MicroBatcher.BatchListener.NONE)) {
      MicroBatcher<String, String>.Arrival announced = batcher.announce();

      CompletableFuture<String> first = batcher.submit("a");
      CompletableFuture<String> second = announced.submit("x");

      assertEquals("A", get(first));
      assertEquals("X", get(second));
      assertEquals(List.of(List.of("a", "x")), function.batches());
    }
  }

  @Test
  void anArrivalIsSubmittedOnceOrWithdrawn() throws Exception {
    try (MicroBatcher<String, String> batcher =
        MicroBatcher.start(
            "test",
            new BatchingSettings(32, NEVER, 1),
            inputs -> inputs,
            MicroBatcher.BatchListener.NONE)) {
      MicroBatcher<String, String>.Arrival submitted = batcher.announce();
      MicroBatcher<String, String>.Arrival withdrawn = batcher.announce();
      assertEquals(2, batcher.expected());

      // Withdrawn first: a batch waits for announced calls, so an open announcement would hold
      // the submitted call back until max-wait.
      withdrawn.close();
      withdrawn.close();
      assertEquals(1, batcher.expected());
      assertEquals("s", get(submitted.submit("s")));
      submitted.close();

      assertEquals(0, batcher.expected());
      assertThrows(IllegalStateException.class, () -> submitted.submit("again"));
      assertThrows(IllegalStateException.class, () -> withdrawn.submit("late"));
    }
  }
}
