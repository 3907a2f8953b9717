package io.tierwise.policy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A labelled split as a router sees it and as evaluation judges it: per prompt and tier, the
 * router's predicted probability and estimated cost, plus the true quality and true cost.
 *
 * <p>Policies choose from {@code probability} and {@code estimatedCostUsd}; curves and calibration
 * report {@code quality} and {@code trueCostUsd} of the chosen tier. Matrices are indexed {@code
 * [prompt][tier]} with tiers in {@link #tierNames()} order, cheapest first. All matrices are copied
 * on the way in and on the way out.
 */
public final class ScoredPrompts {

  private final List<String> tierNames;
  private final double[][] probability;
  private final double[][] estimatedCostUsd;
  private final double[][] quality;
  private final double[][] trueCostUsd;

  private ScoredPrompts(
      List<String> tierNames,
      double[][] probability,
      double[][] estimatedCostUsd,
      double[][] quality,
      double[][] trueCostUsd) {
    this.tierNames = tierNames;
    this.probability = probability;
    this.estimatedCostUsd = estimatedCostUsd;
    this.quality = quality;
    this.trueCostUsd = trueCostUsd;
  }

  /**
   * Validates and copies the four matrices.
   *
   * @param tierNames tier names, cheapest first, at least two, distinct
   * @param probability predicted probability that the tier answers well, each in [0, 1]
   * @param estimatedCostUsd the router's cost estimate in USD, each finite and {@code >= 0}
   * @param quality the observed quality, each in [0, 1]
   * @param trueCostUsd the observed cost in USD, each finite and {@code >= 0}
   * @throws IllegalArgumentException naming the matrix, row and column of the first bad value
   */
  public static ScoredPrompts of(
      List<String> tierNames,
      double[][] probability,
      double[][] estimatedCostUsd,
      double[][] quality,
      double[][] trueCostUsd) {
    List<String> names = List.copyOf(Objects.requireNonNull(tierNames, "tierNames"));
    if (names.size() < 2) {
      throw new IllegalArgumentException("at least two tiers are needed, got: " + names);
    }
    if (new HashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException("tier names must be distinct, got: " + names);
    }
    Objects.requireNonNull(probability, "probability");
    int prompts = probability.length;
    if (prompts == 0) {
      throw new IllegalArgumentException("at least one prompt is needed, got none");
    }
    return new ScoredPrompts(
        names,
        checked("probability", probability, prompts, names.size(), true),
        checked("estimatedCostUsd", estimatedCostUsd, prompts, names.size(), false),
        checked("quality", quality, prompts, names.size(), true),
        checked("trueCostUsd", trueCostUsd, prompts, names.size(), false));
  }

  /**
   * Copies {@code matrix} after checking its shape and that every value is a probability ({@code
   * unitInterval}) or a non-negative finite amount.
   */
  static double[][] checked(
      String name, double[][] matrix, int prompts, int tiers, boolean unitInterval) {
    Objects.requireNonNull(matrix, name);
    if (matrix.length != prompts) {
      throw new IllegalArgumentException(
          name + " must have " + prompts + " rows, got: " + matrix.length);
    }
    double[][] copy = new double[prompts][];
    for (int i = 0; i < prompts; i++) {
      double[] row = matrix[i];
      if (row == null) {
        throw new IllegalArgumentException(name + " row " + i + " is null");
      }
      if (row.length != tiers) {
        throw new IllegalArgumentException(
            name + " row " + i + " must have " + tiers + " columns, got: " + row.length);
      }
      for (int t = 0; t < tiers; t++) {
        double v = row[t];
        boolean ok = unitInterval ? v >= 0.0 && v <= 1.0 : v >= 0.0 && v < Double.POSITIVE_INFINITY;
        if (!ok) {
          throw new IllegalArgumentException(
              name
                  + "["
                  + i
                  + "]["
                  + t
                  + "] must be "
                  + (unitInterval ? "in [0, 1]" : "finite and >= 0")
                  + ", got: "
                  + v);
        }
      }
      copy[i] = row.clone();
    }
    return copy;
  }

  /** Tier names, cheapest first. */
  public List<String> tierNames() {
    return tierNames;
  }

  /** Number of prompts (rows). */
  public int prompts() {
    return probability.length;
  }

  /** Number of tiers (columns). */
  public int tiers() {
    return tierNames.size();
  }

  /** A copy of the predicted probabilities, {@code [prompt][tier]}. */
  public double[][] probability() {
    return deepCopy(probability);
  }

  /** A copy of the estimated costs in USD, {@code [prompt][tier]}. */
  public double[][] estimatedCostUsd() {
    return deepCopy(estimatedCostUsd);
  }

  /** A copy of the observed qualities, {@code [prompt][tier]}. */
  public double[][] quality() {
    return deepCopy(quality);
  }

  /** A copy of the observed costs in USD, {@code [prompt][tier]}. */
  public double[][] trueCostUsd() {
    return deepCopy(trueCostUsd);
  }

  /** Predicted probability of {@code tier} on {@code prompt}. */
  public double probability(int prompt, int tier) {
    return probability[prompt][tier];
  }

  /** Observed quality of {@code tier} on {@code prompt}. */
  public double quality(int prompt, int tier) {
    return quality[prompt][tier];
  }

  /** Observed cost in USD of {@code tier} on {@code prompt}. */
  public double trueCostUsd(int prompt, int tier) {
    return trueCostUsd[prompt][tier];
  }

  /**
   * The tier each prompt gets under {@code policy}, with every tier allowed.
   *
   * @return per prompt, the chosen tier index
   */
  public int[] choices(TierPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    boolean[] allowed = new boolean[tiers()];
    Arrays.fill(allowed, true);
    int[] chosen = new int[prompts()];
    for (int i = 0; i < chosen.length; i++) {
      chosen[i] = policy.choose(probability[i], estimatedCostUsd[i], allowed);
    }
    return chosen;
  }

  /**
   * The same prompts with the router's view replaced: {@code probability} and {@code
   * estimatedCostUsd} become the given matrices, true quality and cost stay.
   */
  public ScoredPrompts withRouterView(double[][] probability, double[][] estimatedCostUsd) {
    return new ScoredPrompts(
        tierNames,
        checked("probability", probability, prompts(), tiers(), true),
        checked("estimatedCostUsd", estimatedCostUsd, prompts(), tiers(), false),
        quality,
        trueCostUsd);
  }

  private static double[][] deepCopy(double[][] matrix) {
    double[][] copy = new double[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      copy[i] = matrix[i].clone();
    }
    return copy;
  }

  @Override
  public String toString() {
    return "ScoredPrompts[" + prompts() + " prompts x " + tierNames + "]";
  }
}
