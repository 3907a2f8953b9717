package io.tierwise.knn;

import java.util.List;
import java.util.Objects;

/**
 * How neighbour features are computed: how many neighbours, which similarity thresholds are
 * counted, and how strongly sparse or distant evidence is shrunk toward the prior. See {@link
 * KnnFeatures} for the formulas.
 *
 * @param k number of neighbours the features describe
 * @param thresholds similarities at which neighbours are counted, strictly ascending, in [-1, 1]
 * @param priorWeight {@code α}: how many exact-duplicate neighbours the prior is worth
 * @param kernelWidth {@code τ}: a neighbour of similarity {@code s} weighs {@code exp((s - 1) /
 *     τ)}, so the weight halves every {@code τ·ln 2} of similarity below an exact duplicate
 */
public record KnnFeatureSpec(
    int k, List<Double> thresholds, double priorWeight, double kernelWidth) {

  /** Upper bound on {@code k}: features describe a neighbourhood, not a result page. */
  public static final int MAX_K = 256;

  public KnnFeatureSpec {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in [1, " + MAX_K + "], got: " + k);
    }
    thresholds = List.copyOf(Objects.requireNonNull(thresholds, "thresholds"));
    double previous = Double.NEGATIVE_INFINITY;
    for (double threshold : thresholds) {
      if (!(threshold >= -1.0 && threshold <= 1.0)) {
        throw new IllegalArgumentException(
            "similarity thresholds must be in [-1, 1], got: " + threshold);
      }
      if (!(threshold > previous)) {
        throw new IllegalArgumentException(
            "similarity thresholds must be strictly ascending, got: " + thresholds);
      }
      previous = threshold;
    }
    if (!(priorWeight > 0) || Double.isInfinite(priorWeight)) {
      throw new IllegalArgumentException(
          "priorWeight must be positive and finite, got: " + priorWeight);
    }
    if (!(kernelWidth > 0) || Double.isInfinite(kernelWidth)) {
      throw new IllegalArgumentException(
          "kernelWidth must be positive and finite, got: " + kernelWidth);
    }
  }

  /**
   * k = 10, thresholds 0.5 / 0.7 / 0.9, α = 1, τ = 0.2: ten neighbours at similarity 0.7 (weight
   * 0.22 each) outweigh the prior about 2:1, while ten at 0.5 (weight 0.08) barely match it.
   */
  public static KnnFeatureSpec defaults() {
    return new KnnFeatureSpec(10, List.of(0.5, 0.7, 0.9), 1.0, 0.2);
  }

  /** This spec with a different number of neighbours. */
  public KnnFeatureSpec withK(int newK) {
    return new KnnFeatureSpec(newK, thresholds, priorWeight, kernelWidth);
  }

  /** The weight of a neighbour with cosine similarity {@code similarity}, in (0, 1]. */
  public double weight(double similarity) {
    return Math.exp((similarity - 1.0) / kernelWidth);
  }
}
