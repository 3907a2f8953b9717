package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Saturation and cancellation with real generations, made deterministic with latches. */
class BoundedGenerationPoolTest {

  private static OnnxDecoder decoder;

  @BeforeAll
  static void load() {
    decoder = OnnxDecoder.load(TestModels.tinyDecoder());
  }

  @AfterAll
  static void close() {
    decoder.close();
  }

  /** Blocks its worker inside the first token callback until released. */
  private static final class BlockingSink implements TokenSink {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onToken(GeneratedToken token) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the loop sees it before the next token
      }
    }
  }

  @Test
  void refusesAtOnceWhenWorkersAndQueueAreFull() throws Exception {
    GenerationRequest request = GenerationRequest.of("Once upon a time", 8);
    Generation expected = decoder.generate(request);
    try (BoundedGenerationPool pool = BoundedGenerationPool.create(decoder, 1, 2)) {
      BlockingSink blocker = new BlockingSink();
      CompletableFuture<Generation> running = pool.submit(request, blocker);
      blocker.entered.await();
      List<CompletableFuture<Generation>> queued = new ArrayList<>();
      queued.add(pool.submit(request));
      queued.add(pool.submit(request));
      assertEquals(2, pool.queued());

      LocalTierSaturatedException refused =
          assertThrows(LocalTierSaturatedException.class, () -> pool.submit(request));
      assertEquals(1, refused.workers());
      assertEquals(2, refused.queueCapacity());
      assertThrows(LocalTierSaturatedException.class, () -> pool.generate(request));

      blocker.release.countDown();
      assertEquals(expected, running.get());
      for (CompletableFuture<Generation> f : queued) {
        assertEquals(expected, f.get());
      }
      // Capacity is back once the backlog drained.
      assertEquals(expected, pool.generate(request));
    }
  }

  @Test
  void zeroQueueCapacityAcceptsOnlyWhatWorkersCanStart() throws Exception {
    GenerationRequest request = GenerationRequest.of("Once upon a time", 4);
    try (BoundedGenerationPool pool = BoundedGenerationPool.create(decoder, 1, 0)) {
      BlockingSink blocker = new BlockingSink();
      CompletableFuture<Generation> running = pool.submit(request, blocker);
      blocker.entered.await();
      assertThrows(LocalTierSaturatedException.class, () -> pool.submit(request));
      blocker.release.countDown();
      assertEquals(4, running.get().tokens().size());
    }
  }

  @Test
  void cancellingARunningGenerationInterruptsItAndFreesTheWorker() throws Exception {
    GenerationRequest request = GenerationRequest.of("Once upon a time", 32);
    try (BoundedGenerationPool pool = BoundedGenerationPool.create(decoder, 1, 1)) {
      BlockingSink blocker = new BlockingSink();
      CompletableFuture<Generation> running = pool.submit(request, blocker);
      blocker.entered.await();
      CompletableFuture<Generation> next = pool.submit(GenerationRequest.of("the cat", 3));
      running.cancel(true);
      // The worker was interrupted inside the sink and stops before its next token.
      assertEquals(3, next.get().tokens().size());
      assertTrue(running.isCancelled());
    }
  }

  @Test
  void decoderErrorsReachTheCaller() {
    String tooLong = "Once upon a time ".repeat(40);
    try (BoundedGenerationPool pool = BoundedGenerationPool.create(decoder, 1, 1)) {
      ExecutionException wrapped =
          assertThrows(
              ExecutionException.class, () -> pool.submit(GenerationRequest.of(tooLong, 1)).get());
      assertInstanceOf(ContextLengthExceededException.class, wrapped.getCause());
      assertThrows(
          ContextLengthExceededException.class,
          () -> pool.generate(GenerationRequest.of(tooLong, 1)));
    }
  }

  @Test
  void closeFailsQueuedRequestsAndRefusesNewOnes() throws Exception {
    GenerationRequest request = GenerationRequest.of("Once upon a time", 32);
    BoundedGenerationPool pool = BoundedGenerationPool.create(decoder, 1, 1);
    BlockingSink blocker = new BlockingSink();
    CompletableFuture<Generation> running = pool.submit(request, blocker);
    blocker.entered.await();
    CompletableFuture<Generation> queued = pool.submit(request);

    pool.close();
    pool.close();

    assertTrue(queued.isCancelled());
    // The running generation was interrupted and ended before its next token.
    CancellationException stopped = assertThrows(CancellationException.class, running::join);
    assertInstanceOf(CancellationException.class, stopped.getCause());
    assertTrue(
        stopped.getCause().getMessage().contains("interrupted"), stopped.getCause().getMessage());
    assertThrows(IllegalStateException.class, () -> pool.submit(request));
  }

  @Test
  void rejectsBadSizes() {
    assertThrows(IllegalArgumentException.class, () -> BoundedGenerationPool.create(decoder, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> BoundedGenerationPool.create(decoder, 1, -1));
  }
}
