package io.tierwise.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The training set of a {@link TierSuccessModel}: one feature row per prompt and, per tier, the
 * quality that tier's model achieved on it, where known.
 *
 * @param tiers tier names in the fixed order of predictions
 * @param featureNames one name per feature column, stored in the model to catch feature-layout
 *     mismatches
 * @param features one row per prompt (unscaled)
 * @param labels {@code labels[row][tier]}: quality in [0, 1], or {@code NaN} when that tier's model
 *     has no label for the prompt
 * @param weights per-row weights (e.g. to balance sources), or {@code null} for all ones
 */
public record TierTrainingData(
    List<String> tiers,
    List<String> featureNames,
    DenseFeatureMatrix features,
    double[][] labels,
    double[] weights) {

  public TierTrainingData {
    tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    featureNames = List.copyOf(Objects.requireNonNull(featureNames, "featureNames"));
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (featureNames.size() != features.columns()) {
      throw new IllegalArgumentException(
          featureNames.size() + " feature names for " + features.columns() + " feature columns");
    }
    labels = checkedLabels(tiers, labels, features.rows());
    if (weights != null) {
      if (weights.length != features.rows()) {
        throw new IllegalArgumentException(
            weights.length + " weights for " + features.rows() + " rows");
      }
      weights = weights.clone();
      for (int i = 0; i < weights.length; i++) {
        if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
          throw new IllegalArgumentException(
              "weight of row " + i + " must be finite and >= 0, got: " + weights[i]);
        }
      }
    }
  }

  /**
   * Validates tier names (non-empty, unique) and a {@code labels[row][tier]} matrix (one row per
   * example, values in [0, 1] or NaN), returning a deep copy.
   */
  static double[][] checkedLabels(List<String> tiers, double[][] labels, int rows) {
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("need at least one tier");
    }
    if (new HashSet<>(tiers).size() != tiers.size()) {
      throw new IllegalArgumentException("tier names must be unique, got: " + tiers);
    }
    if (labels.length != rows) {
      throw new IllegalArgumentException(labels.length + " label rows for " + rows + " rows");
    }
    double[][] copy = new double[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      double[] row = Objects.requireNonNull(labels[i], "labels row " + i);
      if (row.length != tiers.size()) {
        throw new IllegalArgumentException(
            "labels row " + i + " has " + row.length + " entries for " + tiers.size() + " tiers");
      }
      for (int t = 0; t < row.length; t++) {
        if (!Double.isNaN(row[t]) && !(row[t] >= 0 && row[t] <= 1)) {
          throw new IllegalArgumentException(
              "label of row "
                  + i
                  + " tier '"
                  + tiers.get(t)
                  + "' must be in [0, 1] or NaN, got: "
                  + row[t]);
        }
      }
      copy[i] = row.clone();
    }
    return copy;
  }

  /** The label column of one tier from a validated label matrix. */
  static double[] column(double[][] labels, int tier) {
    double[] column = new double[labels.length];
    for (int i = 0; i < column.length; i++) {
      column[i] = labels[i][tier];
    }
    return column;
  }

  /** Unweighted data with features named {@code f0, f1, ...}. */
  public static TierTrainingData of(List<String> tiers, double[][] features, double[][] labels) {
    DenseFeatureMatrix matrix = DenseFeatureMatrix.of(features);
    List<String> names = new ArrayList<>(matrix.columns());
    for (int j = 0; j < matrix.columns(); j++) {
      names.add("f" + j);
    }
    return new TierTrainingData(tiers, names, matrix, labels, null);
  }

  /** Number of rows. */
  public int rows() {
    return features.rows();
  }

  /** The label column of one tier (NaN where missing), as a new array. */
  public double[] labelsOf(int tier) {
    Objects.checkIndex(tier, tiers.size());
    return column(labels, tier);
  }

  @Override
  public double[][] labels() {
    double[][] copy = new double[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      copy[i] = labels[i].clone();
    }
    return copy;
  }

  @Override
  public double[] weights() {
    return weights == null ? null : weights.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TierTrainingData other
        && tiers.equals(other.tiers)
        && featureNames.equals(other.featureNames)
        && features.equals(other.features)
        && Arrays.deepEquals(labels, other.labels)
        && Arrays.equals(weights, other.weights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tiers, featureNames, features, Arrays.deepHashCode(labels))
        + 31 * Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "TierTrainingData[rows="
        + rows()
        + ", features="
        + features.columns()
        + ", tiers="
        + tiers
        + "]";
  }
}
