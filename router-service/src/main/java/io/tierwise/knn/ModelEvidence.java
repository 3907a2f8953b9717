package io.tierwise.knn;

import java.util.Objects;

/**
 * What the neighbours of a query say about how one model will do on it. See {@link KnnFeatures} for
 * the formulas.
 *
 * @param model the model name
 * @param quality smoothed, similarity-weighted mean quality of the neighbours labelled for the
 *     model, in [0, 1]
 * @param std smoothed, similarity-weighted standard deviation of those qualities, in [0, 0.5]
 * @param labelled how many of the neighbours have a label for the model
 * @param mass summed kernel weight of those neighbours: how much evidence there is
 * @param nearestQuality quality of the most similar labelled neighbour, or the prior if none
 * @param nearestSimilarity similarity of the most similar labelled neighbour, or {@link
 *     KnnFeatures#MISSING_SIMILARITY} if none
 */
public record ModelEvidence(
    String model,
    double quality,
    double std,
    int labelled,
    double mass,
    double nearestQuality,
    double nearestSimilarity) {

  /** Features per model in {@link KnnFeatures#toArray()}, in this order. */
  static final int FEATURE_COUNT = 6;

  public ModelEvidence {
    Objects.requireNonNull(model, "model");
    requireUnit("quality", quality);
    requireUnit("nearestQuality", nearestQuality);
    if (!(std >= 0 && std <= 0.5 + 1e-12)) {
      throw new IllegalArgumentException("std must be in [0, 0.5], got: " + std);
    }
    if (labelled < 0) {
      throw new IllegalArgumentException("labelled must be >= 0, got: " + labelled);
    }
    if (!(mass >= 0) || Double.isInfinite(mass)) {
      throw new IllegalArgumentException("mass must be finite and >= 0, got: " + mass);
    }
    if (!(nearestSimilarity >= -1.0 && nearestSimilarity <= 1.0)) {
      throw new IllegalArgumentException(
          "nearestSimilarity must be in [-1, 1], got: " + nearestSimilarity);
    }
  }

  private static void requireUnit(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got: " + value);
    }
  }

  static String[] featureSuffixes() {
    return new String[] {"quality", "std", "labelled", "mass", "nearest", "nearest_sim"};
  }

  void writeTo(double[] features, int offset) {
    features[offset] = quality;
    features[offset + 1] = std;
    features[offset + 2] = labelled;
    features[offset + 3] = mass;
    features[offset + 4] = nearestQuality;
    features[offset + 5] = nearestSimilarity;
  }
}
