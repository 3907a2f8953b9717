package io.tierwise.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tierwise.config.FeedbackSettings;
import io.tierwise.feedback.DecisionOrigin;
import io.tierwise.feedback.DecisionRecord;
import io.tierwise.feedback.Feedback;
import io.tierwise.feedback.FeedbackResult;
import io.tierwise.feedback.FeedbackStore;
import io.tierwise.feedback.LabelSource;
import io.tierwise.progress.ProgressLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What recording decisions costs the routing hot path, and what an acknowledged feedback costs.
 *
 * <p>Open loop: {@code threads} threads call {@link FeedbackStore#record} at a fixed total rate
 * (each on its own schedule, so a slow call does not lower the offered rate), for {@code seconds};
 * reported are the percentiles of the {@code record} call as a routing thread sees it, the rate the
 * background writer committed, how many decisions shared one group commit (one fsync), and drops.
 * Then {@code feedback} sequential {@link FeedbackStore#submit} calls, each committed with {@code
 * synchronous=FULL} before it returns.
 *
 * <p>Run from the repository root (a JDK 21 or newer as {@code $JAVA_HOME}):
 *
 * <pre>
 * ./tierwise mvn -B -q -o -pl benchmarks -am package dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-cp.txt -DskipTests
 * $JAVA_HOME/bin/java -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-cp.txt)" \
 *     io.tierwise.bench.FeedbackStoreBenchmark [rate=2000] [seconds=20] [threads=4] [feedback=300]
 * </pre>
 *
 * The store file goes to a temporary directory that is deleted afterwards.
 */
public final class FeedbackStoreBenchmark {

  private FeedbackStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int feedbackCalls = args.length > 3 ? Integer.parseInt(args[3]) : 300;
    Path dir = Files.createTempDirectory("tierwise-feedback-bench");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    long perThread = (long) rate * seconds / threads;
    long[][] latencies = new long[threads][(int) perThread];
    AtomicLong sequence = new AtomicLong();
    try (FeedbackStore store =
        FeedbackStore.open(
            FeedbackSettings.defaults().withStore(dir.resolve("b.sqlite")), registry)) {
      long intervalNanos = 1_000_000_000L * threads / rate;
      long start = System.nanoTime() + 100_000_000L;
      try (ProgressLine progress = ProgressLine.start("record", perThread * threads, System.err)) {
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
          int worker = t;
          workers[t] =
              Thread.ofPlatform()
                  .start(
                      () -> {
                        long offset = intervalNanos * worker / threads;
                        for (int i = 0; i < perThread; i++) {
                          long due = start + offset + i * intervalNanos;
                          long wait;
                          while ((wait = due - System.nanoTime()) > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                          }
                          DecisionRecord record = decision(sequence.incrementAndGet());
                          long before = System.nanoTime();
                          store.record(record);
                          latencies[worker][i] = System.nanoTime() - before;
                          progress.advance(1);
                        }
                      });
        }
        for (Thread w : workers) {
          w.join();
        }
      }
      long offeredEnd = System.nanoTime();
      store.flush();
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      double committed = registry.get("tierwise.feedback.writes.committed").counter().count();
      double dropped = registry.get("tierwise.feedback.writes.dropped").counter().count();
      Timer commits = registry.get("tierwise.feedback.group.commit").timer();
      long[] submit = new long[feedbackCalls];
      for (int i = 0; i < feedbackCalls; i++) {
        long before = System.nanoTime();
        FeedbackResult result =
            store.submit(Feedback.ofScore("d-" + (i + 1), LabelSource.USER, 0.5, Optional.empty()));
        submit[i] = System.nanoTime() - before;
        if (!(result instanceof FeedbackResult.Created)) {
          throw new IllegalStateException("feedback " + i + " was not created: " + result);
        }
      }
      Arrays.sort(submit);
      System.out.printf(
          "| offered decisions/s | committed decisions/s | record() p50 µs | p99 µs | p99.9 µs | max µs"
              + " | decisions per group commit | group commit mean ms | dropped |%n");
      System.out.printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
      System.out.printf(
          "| %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.0f |%n",
          rate,
          committed / elapsed,
          pct(all, 0.50) / 1e3,
          pct(all, 0.99) / 1e3,
          pct(all, 0.999) / 1e3,
          all[all.length - 1] / 1e3,
          committed / Math.max(1, commits.count()),
          commits.mean(TimeUnit.MILLISECONDS),
          dropped);
      System.out.printf(
          "%nfeedback submit (fsync each), %d calls: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
              + " (offered load ran %.1f s)%n",
          feedbackCalls,
          pct(submit, 0.50) / 1e6,
          pct(submit, 0.99) / 1e6,
          submit[submit.length - 1] / 1e6,
          (offeredEnd - start) / 1e9);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static long pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static final List<String> TIERS = List.of("small", "medium", "large");

  private static DecisionRecord decision(long n) {
    Map<String, String> models = new LinkedHashMap<>();
    Map<String, Double> probabilities = new LinkedHashMap<>();
    Map<String, Double> costs = new LinkedHashMap<>();
    for (String tier : TIERS) {
      models.put(tier, tier + "-model");
      probabilities.put(tier, 0.5);
      costs.put(tier, 0.001);
    }
    return new DecisionRecord(
        "d-" + n,
        Instant.now(),
        Optional.of("bench"),
        Optional.empty(),
        DecisionOrigin.ROUTE,
        "A prompt of roughly the length users send, about two hundred characters, to make the row"
            + " size realistic for the decisions table: what is the capital of France, and why is"
            + " it that city? "
            + n,
        "small",
        "small-model",
        models,
        probabilities,
        costs,
        "bench-1");
  }
}
