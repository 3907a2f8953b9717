package io.tierwise.local;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of workers in front of a {@link LocalDecoder}, with a bounded queue. A request
 * that finds every worker busy and the queue full is refused at once with {@link
 * LocalTierSaturatedException}, so the caller can answer 429 or escalate to another tier instead of
 * letting requests pile up behind a CPU-bound model.
 *
 * <pre>{@code
 * try (var pool = BoundedGenerationPool.create(decoder, 2, 8)) {
 *   Generation g = pool.submit(GenerationRequest.of(prompt, 64)).join();
 * }
 * }</pre>
 *
 * <p>Cancelling a returned future interrupts its generation, which stops before its next token. The
 * pool does not own the decoder: close the pool first, then the decoder.
 */
public final class BoundedGenerationPool implements AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final LocalDecoder decoder;
  private final int workers;
  private final int queueCapacity;
  private final Semaphore permits;
  private final ThreadPoolExecutor executor;

  private BoundedGenerationPool(LocalDecoder decoder, int workers, int queueCapacity) {
    this.decoder = decoder;
    this.workers = workers;
    this.queueCapacity = queueCapacity;
    // Admission is decided by the permits alone, never by whether a worker thread happens to be
    // parked on the queue yet, so refusal is exact: at most workers + queueCapacity in flight.
    this.permits = new Semaphore(workers + queueCapacity);
    this.executor =
        new ThreadPoolExecutor(
            workers,
            workers,
            0L,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            threadFactory(decoder.modelId()));
  }

  /**
   * Starts {@code workers} threads that generate with {@code decoder}.
   *
   * @param workers concurrent generations, at least 1; with ONNX Runtime, keep workers times {@link
   *     DecoderOptions#intraOpThreads()} at or below the cores available
   * @param queueCapacity requests that may wait for a worker, at least 0
   */
  public static BoundedGenerationPool create(LocalDecoder decoder, int workers, int queueCapacity) {
    Objects.requireNonNull(decoder, "decoder");
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got: " + workers);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must be >= 0, got: " + queueCapacity);
    }
    return new BoundedGenerationPool(decoder, workers, queueCapacity);
  }

  /** Queues a generation without streaming. */
  public CompletableFuture<Generation> submit(GenerationRequest request) {
    return submit(request, TokenSink.NONE);
  }

  /**
   * Queues a generation; {@code sink} is called on the worker thread.
   *
   * @throws LocalTierSaturatedException at once when every worker is busy and the queue is full
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletableFuture<Generation> submit(GenerationRequest request, TokenSink sink) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    if (executor.isShutdown()) {
      throw new IllegalStateException("generation pool for " + decoder.modelId() + " is closed");
    }
    if (!permits.tryAcquire()) {
      throw new LocalTierSaturatedException(workers, queueCapacity);
    }
    PendingGeneration pending = new PendingGeneration(request, sink);
    try {
      executor.execute(pending);
    } catch (RejectedExecutionException e) {
      permits.release();
      throw new IllegalStateException("generation pool for " + decoder.modelId() + " is closed", e);
    }
    return pending.result;
  }

  /**
   * Generates on a worker and waits for the result; exceptions from the decoder are rethrown as
   * they are.
   *
   * @throws LocalTierSaturatedException at once when every worker is busy and the queue is full
   */
  public Generation generate(GenerationRequest request) {
    try {
      return submit(request).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  public int workers() {
    return workers;
  }

  public int queueCapacity() {
    return queueCapacity;
  }

  /** Requests waiting for a worker right now (including cancelled ones not yet dropped). */
  public int queued() {
    return executor.getQueue().size();
  }

  /** Requests that can still be accepted right now. */
  public int available() {
    return permits.availablePermits();
  }

  /** Generations running right now. */
  public int active() {
    return executor.getActiveCount();
  }

  /**
   * Stops accepting requests, fails queued ones with {@link CancellationException}, interrupts
   * running ones and waits for the workers to finish. Safe to call twice. Leaves the decoder open.
   */
  @Override
  public void close() {
    List<Runnable> neverStarted = executor.shutdownNow();
    for (Runnable r : neverStarted) {
      ((PendingGeneration) r).result.cancel(false);
      permits.release();
    }
    boolean interrupted = false;
    while (!executor.isTerminated()) {
      try {
        executor.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** One queued request and the future that reports it. */
  private final class PendingGeneration implements Runnable {
    private final GenerationRequest request;
    private final TokenSink sink;
    private final CompletableFuture<Generation> result = new CompletableFuture<>();
    private Thread runner; // guarded by this

    PendingGeneration(GenerationRequest request, TokenSink sink) {
      this.request = request;
      this.sink = sink;
      result.whenComplete(
          (generation, error) -> {
            if (result.isCancelled()) {
              interruptRunner();
            }
          });
    }

    @Override
    public void run() {
      synchronized (this) {
        if (result.isDone()) {
          permits.release();
          return; // cancelled while queued
        }
        runner = Thread.currentThread();
      }
      Generation generation = null;
      Throwable failure = null;
      try {
        generation = decoder.generate(request, sink);
      } catch (Throwable t) {
        failure = t;
      } finally {
        synchronized (this) {
          runner = null;
        }
        // An interrupt aimed at this generation must not leak into the worker's next one.
        Thread.interrupted();
        // Freed before completing, so a caller reacting to the result can submit again at once.
        permits.release();
      }
      if (failure == null) {
        result.complete(generation);
      } else {
        result.completeExceptionally(failure);
      }
    }

    private synchronized void interruptRunner() {
      if (runner != null) {
        runner.interrupt();
      }
    }
  }

  private static ThreadFactory threadFactory(String modelId) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread t =
          new Thread(task, "local-" + modelId + "-" + pool + "-worker-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
