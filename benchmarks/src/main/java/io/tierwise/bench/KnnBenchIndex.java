package io.tierwise.bench;

import io.tierwise.knn.KnnMemoryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The synthetic kNN memories the benchmark searches, built once and cached under {@code
 * benchmarks/target/knn-index-<n>} next to a stamp file describing how they were generated, so a
 * rerun reuses them and a change of generator rebuilds them.
 */
final class KnnBenchIndex {

  /** Overrides where indexes are cached; defaults to {@code benchmarks/target}. */
  static final String ROOT_PROPERTY = "tierwise.bench.dir";

  private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

  private KnnBenchIndex() {}

  /**
   * The directory of the memory of the first {@code size} corpus samples, building it if needed.
   */
  static Path ensure(int size) {
    Path root = root();
    Path dir = root.resolve("knn-index-" + size);
    Path stamp = root.resolve("knn-index-" + size + ".stamp");
    String description = description(size);
    try {
      if (Files.isDirectory(dir)
          && Files.exists(stamp)
          && Files.readString(stamp).equals(description)) {
        System.err.println("knn-index-" + size + ": reusing " + dir);
        return dir;
      }
      Files.deleteIfExists(stamp);
      deleteRecursively(dir);
      Files.createDirectories(root);
      build(dir, size);
      Files.writeString(stamp, description);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare benchmark index " + dir, e);
    }
  }

  private static void build(Path dir, int size) {
    String name = "knn-index-" + size;
    KnnSyntheticVectors corpus = KnnSyntheticVectors.corpus();
    long start = System.nanoTime();
    long lastReport = start;
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(dir, KnnSyntheticVectors.DIMENSION)) {
      for (int i = 0; i < size; i++) {
        KnnSyntheticVectors.Sample sample = corpus.next();
        writer.add(
            "v" + i,
            "synthetic",
            "cluster-" + sample.cluster(),
            sample.vector(),
            corpus.outcomes(sample.cluster()));
        long now = System.nanoTime();
        if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
          lastReport = now;
          double seconds = (now - start) / 1e9;
          double rate = (i + 1) / seconds;
          System.err.printf(
              Locale.ROOT,
              "%s: %,d / %,d prompts, %,.0f/s, ETA %.0f s (before the final merge)%n",
              name,
              i + 1,
              size,
              rate,
              (size - i - 1) / rate);
        }
      }
      long added = System.nanoTime();
      System.err.printf(
          Locale.ROOT,
          "%s: added %,d prompts in %.1f s; force-merging to one segment...%n",
          name,
          size,
          (added - start) / 1e9);
      writer.forceMerge();
      long merged = System.nanoTime();
      System.err.printf(
          Locale.ROOT,
          "%s: merged in %.1f s; built in %.1f s (%.1f s per 100k prompts)%n",
          name,
          (merged - added) / 1e9,
          (merged - start) / 1e9,
          (merged - start) / 1e9 / size * 100_000);
    }
  }

  private static String description(int size) {
    return String.format(
        Locale.ROOT,
        "generator=clustered-unit-v1 size=%d dimension=%d clusters=%d noise=%s"
            + " centreSeed=%d corpusSeed=%d models=%s%n",
        size,
        KnnSyntheticVectors.DIMENSION,
        KnnSyntheticVectors.CLUSTERS,
        KnnSyntheticVectors.NOISE,
        KnnSyntheticVectors.CENTRE_SEED,
        KnnSyntheticVectors.CORPUS_SEED,
        KnnSyntheticVectors.MODELS);
  }

  private static Path root() {
    String configured = System.getProperty(ROOT_PROPERTY);
    if (configured != null) {
      return Path.of(configured);
    }
    // JMH forks inherit the working directory: the repository root or the benchmarks module.
    Path module = Path.of("benchmarks");
    return Files.isDirectory(module) ? module.resolve("target") : Path.of("target");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
