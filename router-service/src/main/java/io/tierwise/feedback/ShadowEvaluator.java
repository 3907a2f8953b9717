package io.tierwise.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tierwise.config.ShadowSettings;
import io.tierwise.gateway.Completion;
import io.tierwise.gateway.CompletionListener;
import io.tierwise.gateway.TierAnswer;
import io.tierwise.gateway.TierCaller;
import io.tierwise.tier.Tier;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Shadow evaluation: a share ({@code shadow.share}, default 5%) of the routed requests that a
 * cheaper tier answered are sent again, in the background, to the top tier; an {@link
 * AnswerComparator} grades both answers and the result is written as a {@code shadow} outcome.
 *
 * <p>It never delays or fails the user's request: {@link #completed} only samples and hands the
 * work to a bounded pool ({@code shadow.concurrency} threads, {@code shadow.queue} waiting); when
 * both are full the sample is dropped and counted ({@code tierwise.shadow.dropped}), since shadow
 * work is optional. Shadow calls bypass retries and circuit breakers (see {@link TierCaller}), and
 * their cost is accounted separately: {@code tierwise.shadow.cost.usd} and the shadow result row.
 */
public final class ShadowEvaluator implements CompletionListener, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ShadowEvaluator.class.getName());

  private final ShadowSettings settings;
  private final TierCaller caller;
  private final AnswerComparator comparator;
  private final Consumer<ShadowResult> results;
  private final DoubleSupplier random;
  private final Map<String, String> models = new LinkedHashMap<>();
  private final String topTier;
  private final ThreadPoolExecutor pool;
  private final Counter sampled;
  private final Counter completedCount;
  private final Counter failed;
  private final Counter dropped;
  private final Counter cost;

  /**
   * @param tiers the gateway's tiers, cheapest first; the last one is the top tier
   * @param comparator how answers are graded (see {@link #comparator})
   * @param results where shadow results go, e.g. {@code store::recordShadow}
   * @param random uniform [0, 1) source for sampling
   */
  public ShadowEvaluator(
      ShadowSettings settings,
      TierCaller caller,
      List<Tier> tiers,
      AnswerComparator comparator,
      Consumer<ShadowResult> results,
      MeterRegistry registry,
      DoubleSupplier random) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.caller = Objects.requireNonNull(caller, "caller");
    this.comparator = Objects.requireNonNull(comparator, "comparator");
    this.results = Objects.requireNonNull(results, "results");
    this.random = Objects.requireNonNull(random, "random");
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("shadow evaluation needs at least one tier");
    }
    tiers.forEach(t -> models.put(t.name(), t.model()));
    this.topTier = tiers.get(tiers.size() - 1).name();
    BlockingQueue<Runnable> queue =
        settings.queue() == 0
            ? new SynchronousQueue<>()
            : new ArrayBlockingQueue<>(settings.queue());
    this.pool =
        new ThreadPoolExecutor(
            settings.concurrency(),
            settings.concurrency(),
            30,
            TimeUnit.SECONDS,
            queue,
            Thread.ofPlatform().name("tierwise-shadow-", 0).daemon().factory(),
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    Objects.requireNonNull(registry, "registry");
    this.sampled = counter(registry, "tierwise.shadow.sampled", "Requests chosen for shadowing");
    this.completedCount =
        counter(registry, "tierwise.shadow.completed", "Shadow evaluations written");
    this.failed =
        counter(registry, "tierwise.shadow.failed", "Shadow evaluations that failed (see the log)");
    this.dropped =
        counter(registry, "tierwise.shadow.dropped", "Samples dropped because the pool was full");
    this.cost =
        Counter.builder("tierwise.shadow.cost.usd")
            .description("USD spent on shadow calls and judging, apart from user traffic")
            .baseUnit("usd")
            .register(registry);
  }

  /**
   * The comparator {@code settings} names; the judge is called through {@code caller}.
   *
   * @throws IllegalArgumentException when the judge tier is not one {@code caller} knows
   */
  public static AnswerComparator comparator(ShadowSettings settings, TierCaller caller) {
    return switch (settings.comparator()) {
      case EXACT -> new AnswerComparator.Exact();
      case NORMALISED -> new AnswerComparator.Normalised();
      case JUDGE -> {
        String tier = settings.judgeTier().orElseThrow();
        if (!caller.tiers().contains(tier)) {
          throw new IllegalArgumentException(
              "shadow.judge-tier '" + tier + "' has no upstream; known tiers: " + caller.tiers());
        }
        yield new AnswerComparator.Judge(caller, tier, settings.timeout());
      }
    };
  }

  /** Samples the completion and, if chosen, queues its shadow evaluation; returns at once. */
  @Override
  public void completed(Completion completion) {
    if (!completion.routed()
        || completion.servedTier().equals(topTier)
        || !models.containsKey(completion.servedTier())
        || !(random.getAsDouble() < settings.share())) {
      return;
    }
    sampled.increment();
    try {
      pool.execute(() -> evaluate(completion));
    } catch (RejectedExecutionException e) {
      dropped.increment();
    }
  }

  private void evaluate(Completion completion) {
    try {
      TierAnswer top = caller.complete(topTier, completion.request(), settings.timeout());
      cost.increment(top.costUsd());
      AnswerComparator.Grades grades =
          comparator.grade(completion.request(), completion.answer(), top.text());
      cost.increment(grades.costUsd());
      results.accept(
          new ShadowResult(
              completion.decisionId(),
              completion.servedTier(),
              models.get(completion.servedTier()),
              grades.served(),
              topTier,
              models.get(topTier),
              grades.top(),
              top.costUsd(),
              grades.costUsd(),
              comparator.name()));
      completedCount.increment();
    } catch (IOException | RuntimeException e) {
      failed.increment();
      LOG.log(
          System.Logger.Level.WARNING,
          "shadow evaluation of " + completion.decisionId() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failed.increment();
    }
  }

  /** Shadow calls waiting or running, for tests and the shutdown log. */
  public int pending() {
    return pool.getQueue().size() + pool.getActiveCount();
  }

  /** Stops taking samples and abandons queued ones; running calls are interrupted. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}
