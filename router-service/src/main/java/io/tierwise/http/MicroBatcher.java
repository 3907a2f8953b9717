package io.tierwise.http;

import io.tierwise.config.BatchingSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Groups concurrent single calls into batch calls, e.g. concurrent {@code POST /v1/route} requests
 * into one {@code Router.routeAll}. Batches are formed by {@link BatchAssembler}: a worker takes
 * only its share of the calls pending, so batches form from a backlog, and a batch waits for
 * company only when max-wait allows and the server has announced further calls on their way ({@link
 * #announce()}), so batching adds no latency at low load. Worker threads are platform threads
 * because the batch function runs native inference.
 *
 * <pre>{@code
 * try (MicroBatcher<RoutingRequest, RoutingDecision> batcher =
 *     MicroBatcher.start("route", settings.batching(), router::routeAll, BatchListener.NONE)) {
 *   RoutingDecision decision = batcher.submit(request).join();
 * }
 * }</pre>
 *
 * @param <I> one call's input
 * @param <O> one call's output
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

  /** Told about every dispatched batch, e.g. to record metrics. */
  @FunctionalInterface
  public interface BatchListener {
    BatchListener NONE = (size, nanos) -> {};

    /**
     * @param size calls in the batch
     * @param nanos time the batch function took
     */
    void batchDone(int size, long nanos);
  }

  private record Pending<I, O>(I input, long arrivalNanos, CompletableFuture<O> result) {}

  private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger announced = new AtomicInteger();
  private final Function<List<I>, List<O>> batchFunction;
  private final BatchListener listener;
  private final List<Worker> workers;
  private volatile boolean closed;

  private MicroBatcher(
      String name,
      BatchingSettings settings,
      Function<List<I>, List<O>> batchFunction,
      BatchListener listener) {
    this.batchFunction = batchFunction;
    this.listener = listener;
    ArrivalQueue<Pending<I, O>> arrivals = new BlockingArrivals<>(queue);
    List<Worker> threads = new ArrayList<>(settings.workers());
    for (int i = 0; i < settings.workers(); i++) {
      BatchAssembler<Pending<I, O>> assembler =
          new BatchAssembler<>(
              settings.maxBatch(),
              settings.maxWait().toNanos(),
              settings.workers(),
              arrivals,
              System::nanoTime,
              Pending::arrivalNanos,
              announced::get);
      threads.add(new Worker("tierwise-" + name + "-batcher-" + i, assembler));
    }
    this.workers = List.copyOf(threads);
  }

  /**
   * Starts the worker threads.
   *
   * @param name names the threads, e.g. {@code route}
   * @param batchFunction maps a batch of inputs to outputs in the same order and number
   */
  public static <I, O> MicroBatcher<I, O> start(
      String name,
      BatchingSettings settings,
      Function<List<I>, List<O>> batchFunction,
      BatchListener listener) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(batchFunction, "batchFunction");
    Objects.requireNonNull(listener, "listener");
    MicroBatcher<I, O> batcher = new MicroBatcher<>(name, settings, batchFunction, listener);
    batcher.workers.forEach(w -> w.thread.start());
    return batcher;
  }

  /**
   * Announces a call that will be submitted shortly, e.g. as soon as its request body is read, so
   * that a batch forming meanwhile waits for it (up to max-wait). Submit through the returned
   * arrival, or close it to withdraw (e.g. when the request turns out invalid).
   *
   * <pre>{@code
   * try (MicroBatcher<I, O>.Arrival arrival = batcher.announce()) {
   *   I input = parse(request);
   *   return arrival.submit(input).join();
   * }
   * }</pre>
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public Arrival announce() {
    if (closed) {
      throw new IllegalStateException("batcher is closed");
    }
    announced.incrementAndGet();
    return new Arrival();
  }

  /**
   * Queues one call. The future completes with the call's output, or exceptionally with what the
   * batch function threw (every call of a failed batch gets the same exception).
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletableFuture<O> submit(I input) {
    Objects.requireNonNull(input, "input");
    if (closed) {
      throw new IllegalStateException("batcher is closed");
    }
    Pending<I, O> pending = new Pending<>(input, System.nanoTime(), new CompletableFuture<>());
    queue.add(pending);
    if (closed && queue.remove(pending)) {
      // Lost a race with close(): no worker will ever take it.
      throw new IllegalStateException("batcher is closed");
    }
    return pending.result();
  }

  /** A call announced with {@link #announce()}: submitted once, or withdrawn by closing. */
  public final class Arrival implements AutoCloseable {
    private boolean settled;

    private Arrival() {}

    /**
     * Queues the announced call.
     *
     * @throws IllegalStateException if already submitted or withdrawn, or the batcher is closed
     */
    public CompletableFuture<O> submit(I input) {
      if (settled) {
        throw new IllegalStateException("arrival already submitted or withdrawn");
      }
      settled = true;
      try {
        return MicroBatcher.this.submit(input);
      } finally {
        // After queueing: the call is always either expected or queued, never neither.
        announced.decrementAndGet();
      }
    }

    /** Withdraws the call if it was not submitted; safe to call twice. */
    @Override
    public void close() {
      if (!settled) {
        settled = true;
        announced.decrementAndGet();
      }
    }
  }

  /** Calls announced and neither submitted nor withdrawn yet. */
  int expected() {
    return announced.get();
  }

  /** Calls queued and not yet taken by a worker. */
  public int queued() {
    return queue.size();
  }

  /**
   * Stops the workers after their current batch and fails calls still queued; safe to call twice.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.forEach(Worker::wakeIfIdle);
    for (Worker worker : workers) {
      try {
        worker.thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<Pending<I, O>> abandoned = new ArrayList<>();
    queue.drainTo(abandoned);
    IllegalStateException closedError = new IllegalStateException("batcher is closed");
    abandoned.forEach(p -> p.result().completeExceptionally(closedError));
  }

  /**
   * A worker thread. {@link #close()} interrupts it only while it waits for calls, never while it
   * runs a batch: an interrupt inside the batch function (a router doing I/O) would fail calls that
   * were about to succeed.
   */
  private final class Worker {
    final Thread thread;
    private final BatchAssembler<Pending<I, O>> assembler;
    private boolean idle; // guarded by this

    Worker(String name, BatchAssembler<Pending<I, O>> assembler) {
      this.assembler = assembler;
      this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    synchronized void wakeIfIdle() {
      if (idle) {
        thread.interrupt();
      }
    }

    private void run() {
      while (true) {
        synchronized (this) {
          idle = true;
        }
        if (closed) {
          return;
        }
        List<Pending<I, O>> batch;
        try {
          batch = assembler.next();
        } catch (InterruptedException e) {
          return;
        }
        synchronized (this) {
          idle = false;
          // An interrupt that arrived while the batch was assembled was meant for the wait.
          Thread.interrupted();
        }
        dispatch(batch);
      }
    }
  }

  private void dispatch(List<Pending<I, O>> batch) {
    List<I> inputs = new ArrayList<>(batch.size());
    batch.forEach(p -> inputs.add(p.input()));
    long start = System.nanoTime();
    List<O> outputs = null;
    Throwable failure = null;
    try {
      outputs = batchFunction.apply(inputs);
      if (outputs == null || outputs.size() != inputs.size()) {
        throw new IllegalStateException(
            "batch function returned "
                + (outputs == null ? "null" : outputs.size() + " results")
                + " for "
                + inputs.size()
                + " inputs");
      }
    } catch (RuntimeException | Error e) {
      // Even an Error must complete the callers' futures, or their requests would hang; the worker
      // itself stays alive for the next batch.
      failure = e;
    }
    // Before completing: whoever sees a result can rely on the batch being accounted for.
    listener.batchDone(batch.size(), System.nanoTime() - start);
    for (int i = 0; i < batch.size(); i++) {
      if (failure == null) {
        batch.get(i).result().complete(outputs.get(i));
      } else {
        batch.get(i).result().completeExceptionally(failure);
      }
    }
  }

  /** The real queue behind {@link ArrivalQueue}. */
  private record BlockingArrivals<T>(BlockingQueue<T> queue) implements ArrivalQueue<T> {
    @Override
    public T take() throws InterruptedException {
      return queue.take();
    }

    @Override
    public T poll(long timeoutNanos) throws InterruptedException {
      return queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public int size() {
      return queue.size();
    }

    @Override
    public int drainTo(Collection<? super T> sink, int max) {
      return queue.drainTo(sink, max);
    }
  }
}
