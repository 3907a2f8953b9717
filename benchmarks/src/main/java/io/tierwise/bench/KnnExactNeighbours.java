package io.tierwise.bench;

import io.tierwise.knn.KnnMemory;
import io.tierwise.knn.MemoryNeighbour;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/**
 * Exact (brute force) nearest neighbours of a few queries over the synthetic corpus: the reference
 * the HNSW search's recall is measured against. The corpus is regenerated from its seed rather than
 * read back from the index, so the reference cannot share a bug with the index.
 */
final class KnnExactNeighbours {

  private static final long PROGRESS_INTERVAL_NANOS = 10_000_000_000L;

  private final int[][] ids;

  private KnnExactNeighbours(int[][] ids) {
    this.ids = ids;
  }

  /** Computes the exact top-{@code k} of each query among the first {@code corpusSize} samples. */
  static KnnExactNeighbours compute(float[][] queries, int corpusSize, int k) {
    int[][] best = new int[queries.length][k];
    float[][] bestSimilarity = new float[queries.length][k];
    for (float[] row : bestSimilarity) {
      Arrays.fill(row, Float.NEGATIVE_INFINITY);
    }
    KnnSyntheticVectors corpus = KnnSyntheticVectors.corpus();
    long start = System.nanoTime();
    long lastReport = start;
    for (int doc = 0; doc < corpusSize; doc++) {
      float[] vector = corpus.next().vector();
      for (int q = 0; q < queries.length; q++) {
        float similarity = VectorUtil.dotProduct(queries[q], vector);
        if (similarity > bestSimilarity[q][k - 1]) {
          insert(best[q], bestSimilarity[q], doc, similarity);
        }
      }
      long now = System.nanoTime();
      if (now - lastReport >= PROGRESS_INTERVAL_NANOS) {
        lastReport = now;
        double rate = (doc + 1) / ((now - start) / 1e9);
        System.err.printf(
            Locale.ROOT,
            "exact neighbours: %,d / %,d vectors, %,.0f/s, ETA %.0f s%n",
            doc + 1,
            corpusSize,
            rate,
            (corpusSize - doc - 1) / rate);
      }
    }
    return new KnnExactNeighbours(best);
  }

  /** Keeps {@code ids}/{@code similarities} sorted, most similar first, dropping the last. */
  private static void insert(int[] ids, float[] similarities, int doc, float similarity) {
    int position = similarities.length - 1;
    while (position > 0 && similarities[position - 1] < similarity) {
      similarities[position] = similarities[position - 1];
      ids[position] = ids[position - 1];
      position--;
    }
    similarities[position] = similarity;
    ids[position] = doc;
  }

  /**
   * Fraction of the exact top-k that {@code memory.nearest(query, k)} returns, over all queries.
   */
  double recall(KnnMemory memory, float[][] queries) {
    int k = ids[0].length;
    long found = 0;
    for (int q = 0; q < queries.length; q++) {
      Set<String> exact = new HashSet<>();
      for (int doc : ids[q]) {
        exact.add("v" + doc);
      }
      List<MemoryNeighbour> nearest = memory.nearest(queries[q], k);
      for (MemoryNeighbour neighbour : nearest) {
        if (exact.contains(neighbour.id())) {
          found++;
        }
      }
    }
    return found / (double) (k * queries.length);
  }
}
