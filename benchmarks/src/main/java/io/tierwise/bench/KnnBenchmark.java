package io.tierwise.bench;

import io.tierwise.knn.KnnFeatureSpec;
import io.tierwise.knn.KnnFeatures;
import io.tierwise.knn.KnnMemory;
import io.tierwise.knn.KnnMemoryOptions;
import io.tierwise.knn.MemoryNeighbour;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of kNN memory queries ({@link KnnMemory#nearest} and {@link KnnMemory#features}) on one
 * thread, at 10k / 100k / 1M prompts of dimension 384, with the recall@10 of the same memory
 * against exact search checked before measuring.
 *
 * <p>The vectors are <b>synthetic</b>: seeded clustered unit vectors ({@link KnnSyntheticVectors}),
 * not real prompt embeddings, and the queries are held-out samples of the same clusters. Indexes
 * are built on first use and cached under {@code benchmarks/target/knn-index-<n>}, with progress on
 * stderr; on the 2 shared cores this was written on a build took 175-245 s per 100k prompts, so the
 * 1M index takes most of an hour the first time. At 10k the 1,000 synthetic clusters hold about ten
 * vectors each, so the last exact neighbours are near-ties among unrelated vectors and recall reads
 * lower than at 100k. Run from the repository root after {@code ./tierwise mvn -B -o -pl benchmarks
 * -am package -DskipTests}:
 *
 * <pre>
 * java -cp 'benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*' \
 *     org.openjdk.jmh.Main KnnBenchmark -p size=10000,100000
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules",
      "jdk.incubator.vector",
      "--enable-native-access=ALL-UNNAMED",
      "-Xmx3g"
    })
public class KnnBenchmark {

  /** Queries whose recall is checked against exact search before measuring. */
  private static final int RECALL_QUERIES = 200;

  private static final int RECALL_K = 10;

  /** Below this the index is broken, not merely approximate: the benchmark refuses to run. */
  private static final double MIN_RECALL = 0.9;

  /** Other candidate counts whose recall is printed next to the measured one's. */
  private static final int[] CANDIDATE_SWEEP = {10, 20, 40, 100};

  /** Distinct queries cycled through while measuring, so caches do not serve one answer. */
  private static final int LATENCY_QUERIES = 1 << 10;

  @Param({"10000", "100000", "1000000"})
  public int size;

  /** Neighbours per query. */
  @Param({"10", "32"})
  public int k;

  /** {@link KnnMemoryOptions#minCandidates()}: HNSW candidates collected per search. */
  @Param({"40"})
  public int candidates;

  private KnnMemory memory;
  private KnnFeatureSpec spec;
  private float[][] queries;
  private int next;

  @Setup(Level.Trial)
  public void openAndCheckRecall() {
    Path dir = KnnBenchIndex.ensure(size);
    spec = KnnFeatureSpec.defaults().withK(k);
    memory =
        KnnMemory.open(
            dir, KnnMemoryOptions.defaults().withFeatureSpec(spec).withMinCandidates(candidates));
    if (memory.size() != size) {
      throw new IllegalStateException(
          "cached index " + dir + " holds " + memory.size() + " prompts, expected " + size);
    }
    KnnSyntheticVectors held = KnnSyntheticVectors.queries();
    float[][] recallQueries = held.nextVectors(RECALL_QUERIES);
    queries = held.nextVectors(LATENCY_QUERIES);

    long start = System.nanoTime();
    KnnExactNeighbours exact = KnnExactNeighbours.compute(recallQueries, size, RECALL_K);
    System.err.printf(
        Locale.ROOT,
        "exact top-%d of %d queries in %.1f s%n",
        RECALL_K,
        RECALL_QUERIES,
        (System.nanoTime() - start) / 1e9);
    double recall = exact.recall(memory, recallQueries);
    System.out.printf(
        Locale.ROOT,
        "%nKnnBenchmark size=%d candidates=%d: recall@%d = %.4f over %d held-out queries%n",
        size,
        candidates,
        RECALL_K,
        recall,
        RECALL_QUERIES);
    for (int sweep : CANDIDATE_SWEEP) {
      if (sweep == candidates) {
        continue;
      }
      try (KnnMemory other =
          KnnMemory.open(dir, KnnMemoryOptions.defaults().withMinCandidates(sweep))) {
        System.out.printf(
            Locale.ROOT,
            "  (for comparison: candidates=%d gives recall@%d = %.4f)%n",
            sweep,
            RECALL_K,
            exact.recall(other, recallQueries));
      }
    }
    if (recall < MIN_RECALL) {
      throw new IllegalStateException(
          "recall@" + RECALL_K + " " + recall + " is below " + MIN_RECALL + " at size " + size);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    memory.close();
  }

  @Benchmark
  public List<MemoryNeighbour> nearest() {
    return memory.nearest(queries[next++ & (LATENCY_QUERIES - 1)], k);
  }

  @Benchmark
  public KnnFeatures features() {
    return memory.features(
        queries[next++ & (LATENCY_QUERIES - 1)],
        KnnSyntheticVectors.MODELS,
        Optional.empty(),
        spec);
  }
}
