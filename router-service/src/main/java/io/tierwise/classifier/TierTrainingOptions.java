package io.tierwise.classifier;

import java.util.List;
import java.util.Objects;

/**
 * How to train per-tier classifiers: the L2 strengths to try, the cross-validation that chooses
 * among them and among calibrations, and optimiser limits.
 *
 * @param l2Grid candidate L2 strengths (penalty {@code (l2 / 2) |beta|^2} on the mean
 *     cross-entropy), each finite and > 0; chosen per tier by cross-validated log loss
 * @param folds number of cross-validation folds, at least 2; the out-of-fold predictions also fit
 *     and choose the calibration
 * @param seed seed of the fold assignment
 * @param calibrationCriterion how to choose among identity, Platt and isotonic calibration
 * @param maxIterations L-BFGS iteration cap per fit
 * @param gradientTolerance L-BFGS gradient tolerance per fit
 * @param threads tiers trained concurrently (results do not depend on it)
 */
public record TierTrainingOptions(
    List<Double> l2Grid,
    int folds,
    long seed,
    CalibrationCriterion calibrationCriterion,
    int maxIterations,
    double gradientTolerance,
    int threads) {

  /** Half-decade steps from 1e-4 to 1: embedding features usually land around 1e-2 to 1e-1. */
  public static final List<Double> DEFAULT_L2_GRID =
      List.of(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0);

  public static final int DEFAULT_FOLDS = 5;
  public static final long DEFAULT_SEED = 20240601L;

  public TierTrainingOptions {
    Objects.requireNonNull(l2Grid, "l2Grid");
    Objects.requireNonNull(calibrationCriterion, "calibrationCriterion");
    l2Grid = List.copyOf(l2Grid);
    if (l2Grid.isEmpty()) {
      throw new IllegalArgumentException("l2Grid must not be empty");
    }
    for (double l2 : l2Grid) {
      if (!(l2 > 0) || Double.isInfinite(l2)) {
        throw new IllegalArgumentException("l2Grid values must be finite and > 0, got: " + l2);
      }
    }
    if (folds < 2) {
      throw new IllegalArgumentException("folds must be at least 2, got: " + folds);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be at least 1, got: " + maxIterations);
    }
    if (!(gradientTolerance > 0)) {
      throw new IllegalArgumentException(
          "gradientTolerance must be > 0, got: " + gradientTolerance);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got: " + threads);
    }
  }

  /** The defaults above, choosing calibration by log loss, one thread per available core. */
  public static TierTrainingOptions defaults() {
    return new TierTrainingOptions(
        DEFAULT_L2_GRID,
        DEFAULT_FOLDS,
        DEFAULT_SEED,
        CalibrationCriterion.LOG_LOSS,
        LogisticRegression.FitOptions.DEFAULT_MAX_ITERATIONS,
        LogisticRegression.FitOptions.DEFAULT_GRADIENT_TOLERANCE,
        Runtime.getRuntime().availableProcessors());
  }

  /** A copy with another L2 grid. */
  public TierTrainingOptions withL2Grid(List<Double> grid) {
    return new TierTrainingOptions(
        grid, folds, seed, calibrationCriterion, maxIterations, gradientTolerance, threads);
  }

  /** A copy with another fold count and seed. */
  public TierTrainingOptions withFolds(int foldCount, long foldSeed) {
    return new TierTrainingOptions(
        l2Grid,
        foldCount,
        foldSeed,
        calibrationCriterion,
        maxIterations,
        gradientTolerance,
        threads);
  }

  /** A copy with another calibration criterion. */
  public TierTrainingOptions withCalibrationCriterion(CalibrationCriterion criterion) {
    return new TierTrainingOptions(
        l2Grid, folds, seed, criterion, maxIterations, gradientTolerance, threads);
  }

  /** A copy with another thread count. */
  public TierTrainingOptions withThreads(int threadCount) {
    return new TierTrainingOptions(
        l2Grid, folds, seed, calibrationCriterion, maxIterations, gradientTolerance, threadCount);
  }
}
