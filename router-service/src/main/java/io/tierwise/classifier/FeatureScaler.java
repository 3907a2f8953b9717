package io.tierwise.classifier;

import java.util.Arrays;
import java.util.Objects;

/**
 * Standardisation {@code (x - mean) / scale} fitted on training rows and stored with the model, so
 * one L2 penalty treats cosine-scale embedding dimensions and count-scale prompt features alike.
 *
 * @param means per feature, the training mean
 * @param scales per feature, the training standard deviation, or 1 for a constant feature (which
 *     then maps to 0 and gets no weight)
 */
public record FeatureScaler(double[] means, double[] scales) {

  /** Below this standard deviation a feature is treated as constant. */
  private static final double MIN_SCALE = 1e-12;

  public FeatureScaler {
    Objects.requireNonNull(means, "means");
    Objects.requireNonNull(scales, "scales");
    if (means.length != scales.length) {
      throw new IllegalArgumentException(
          "means and scales differ in length: " + means.length + " vs " + scales.length);
    }
    means = means.clone();
    scales = scales.clone();
    for (int j = 0; j < means.length; j++) {
      if (!Double.isFinite(means[j])) {
        throw new IllegalArgumentException(
            "mean of feature " + j + " must be finite, got: " + means[j]);
      }
      if (!(scales[j] > 0) || Double.isInfinite(scales[j])) {
        throw new IllegalArgumentException(
            "scale of feature " + j + " must be finite and > 0, got: " + scales[j]);
      }
    }
  }

  /** Fits means and (population) standard deviations on the rows of {@code training}. */
  public static FeatureScaler fit(DenseFeatureMatrix training) {
    Objects.requireNonNull(training, "training");
    int n = training.rows();
    int d = training.columns();
    if (n == 0) {
      throw new IllegalArgumentException("cannot fit a scaler on zero rows");
    }
    double[] means = new double[d];
    for (int i = 0; i < n; i++) {
      training.addRowTo(i, 1.0, means);
    }
    for (int j = 0; j < d; j++) {
      means[j] /= n;
    }
    // Two-pass variance: numerically safe for features with a large mean and small spread.
    double[] scales = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double delta = training.get(i, j) - means[j];
        scales[j] += delta * delta;
      }
    }
    for (int j = 0; j < d; j++) {
      double sd = Math.sqrt(scales[j] / n);
      scales[j] = sd < MIN_SCALE ? 1.0 : sd;
    }
    return new FeatureScaler(means, scales);
  }

  /** Number of features. */
  public int featureCount() {
    return means.length;
  }

  @Override
  public double[] means() {
    return means.clone();
  }

  @Override
  public double[] scales() {
    return scales.clone();
  }

  /** The standardised copy of one feature vector. */
  public double[] transform(double[] features) {
    Objects.requireNonNull(features, "features");
    if (features.length != means.length) {
      throw new IllegalArgumentException(
          "expected " + means.length + " features, got: " + features.length);
    }
    double[] out = new double[features.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = (features[j] - means[j]) / scales[j];
    }
    return out;
  }

  /** The standardised copy of a dense matrix. */
  public DenseFeatureMatrix transform(DenseFeatureMatrix features) {
    Objects.requireNonNull(features, "features");
    if (features.columns() != means.length) {
      throw new IllegalArgumentException(
          "expected " + means.length + " features, got: " + features.columns());
    }
    int n = features.rows();
    int d = means.length;
    double[] out = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i * d + j] = (features.get(i, j) - means[j]) / scales[j];
      }
    }
    return DenseFeatureMatrix.ofRowMajor(n, d, out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureScaler other
        && Arrays.equals(means, other.means)
        && Arrays.equals(scales, other.scales);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(means) + Arrays.hashCode(scales);
  }

  @Override
  public String toString() {
    return "FeatureScaler[features=" + means.length + "]";
  }
}
