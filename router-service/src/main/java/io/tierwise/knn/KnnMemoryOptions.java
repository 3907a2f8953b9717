package io.tierwise.knn;

import java.util.Objects;

/**
 * How a {@link KnnMemory} searches and which features it computes by default.
 *
 * @param featureSpec the spec {@link KnnMemory#features} uses unless given another
 * @param minCandidates HNSW searches collect at least this many candidates and keep the best {@code
 *     k}: Lucene explores only {@code k} candidates per search, which loses recall at small {@code
 *     k} on large memories
 */
public record KnnMemoryOptions(KnnFeatureSpec featureSpec, int minCandidates) {

  /** Upper bound on {@code minCandidates}; beyond it a search explores most of a small graph. */
  public static final int MAX_CANDIDATES = 10_000;

  public KnnMemoryOptions {
    Objects.requireNonNull(featureSpec, "featureSpec");
    if (minCandidates < 1 || minCandidates > MAX_CANDIDATES) {
      throw new IllegalArgumentException(
          "minCandidates must be in [1, " + MAX_CANDIDATES + "], got: " + minCandidates);
    }
  }

  /** Default features ({@link KnnFeatureSpec#defaults()}) and at least 40 candidates. */
  public static KnnMemoryOptions defaults() {
    return new KnnMemoryOptions(KnnFeatureSpec.defaults(), 40);
  }

  /** These options with a different feature spec. */
  public KnnMemoryOptions withFeatureSpec(KnnFeatureSpec spec) {
    return new KnnMemoryOptions(spec, minCandidates);
  }

  /** These options with a different candidate count. */
  public KnnMemoryOptions withMinCandidates(int candidates) {
    return new KnnMemoryOptions(featureSpec, candidates);
  }
}
