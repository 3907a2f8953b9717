package io.tierwise.classifier;

import java.util.Arrays;
import java.util.Objects;

/**
 * A binary logistic-regression model, {@code p = 1 / (1 + exp(-(x . coefficients + intercept)))},
 * with its L2-regularised trainer.
 *
 * <p>Written by hand rather than taken from Tribuo (or Smile) because the router needs, all at
 * once: soft targets in [0, 1] (graded MT-Bench/Arena scores are trained as cross-entropy against
 * the score, not thresholded), per-row weights, one shared feature matrix viewed per tier without
 * copying (each tier has labels on a different subset of rows), bit-for-bit deterministic
 * single-threaded training, warm starts along a regularisation path, dense and CSR-sparse inputs
 * through the same optimiser, and a model that is just {@code d + 1} doubles so the router's file
 * stays tiny and its prediction allocation-free. Tribuo's LR takes hard labels only, wraps every
 * example in its feature-name/config framework and serialises through protobuf; the whole trainer
 * here is the ~60-line {@link LogisticLoss} plus a standard L-BFGS.
 *
 * <p>{@code LogisticRegression.Fit fit = LogisticRegression.fit(features, targets, null,
 * LogisticRegression.FitOptions.withL2(1e-2)); double p = fit.model().probability(row); }
 *
 * @param coefficients one weight per feature (the returned array is a copy)
 * @param intercept the bias term, not regularised
 */
public record LogisticRegression(double[] coefficients, double intercept) {

  public LogisticRegression {
    Objects.requireNonNull(coefficients, "coefficients");
    coefficients = coefficients.clone();
    for (int j = 0; j < coefficients.length; j++) {
      if (!Double.isFinite(coefficients[j])) {
        throw new IllegalArgumentException(
            "coefficient " + j + " must be finite, got: " + coefficients[j]);
      }
    }
    if (!Double.isFinite(intercept)) {
      throw new IllegalArgumentException("intercept must be finite, got: " + intercept);
    }
  }

  /**
   * Training settings.
   *
   * @param l2 strength of the L2 penalty {@code (l2 / 2) |beta|^2} added to the weighted mean
   *     cross-entropy; 0 means unregularised (only safe when the data are not separable)
   * @param maxIterations L-BFGS iteration cap
   * @param gradientTolerance stop when every component of the objective's gradient is at most this
   *     in absolute value
   */
  public record FitOptions(double l2, int maxIterations, double gradientTolerance) {

    public static final int DEFAULT_MAX_ITERATIONS = 2_000;
    public static final double DEFAULT_GRADIENT_TOLERANCE = 1e-7;

    public FitOptions {
      if (!(l2 >= 0) || Double.isInfinite(l2)) {
        throw new IllegalArgumentException("l2 must be a finite number >= 0, got: " + l2);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException(
            "maxIterations must be at least 1, got: " + maxIterations);
      }
      if (!(gradientTolerance > 0)) {
        throw new IllegalArgumentException(
            "gradientTolerance must be > 0, got: " + gradientTolerance);
      }
    }

    /** Default iteration cap and tolerance with the given L2 strength. */
    public static FitOptions withL2(double l2) {
      return new FitOptions(l2, DEFAULT_MAX_ITERATIONS, DEFAULT_GRADIENT_TOLERANCE);
    }
  }

  /**
   * The outcome of training.
   *
   * @param model the fitted model
   * @param objective the final value of the regularised objective
   * @param gradientNorm the largest absolute gradient component at the solution
   * @param iterations L-BFGS iterations used
   * @param converged whether a tolerance was met (rather than the iteration cap or a stalled line
   *     search)
   */
  public record Fit(
      LogisticRegression model,
      double objective,
      double gradientNorm,
      int iterations,
      boolean converged) {
    public Fit {
      Objects.requireNonNull(model, "model");
    }
  }

  /** L-BFGS memory: 10 correction pairs is the usual default (liblinear, scipy use 10). */
  private static final int LBFGS_MEMORY = 10;

  /**
   * Trains from all-zero coefficients.
   *
   * @param features one row per example
   * @param targets per row, the probability of success to fit, in [0, 1]; 0/1 for hard labels
   * @param weights per row, a non-negative weight, or {@code null} for all ones
   */
  public static Fit fit(
      FeatureMatrix features, double[] targets, double[] weights, FitOptions options) {
    return fit(features, targets, weights, options, null);
  }

  /**
   * Trains starting from {@code warmStart} (or zeros if {@code null}); warm starts make a sweep
   * over decreasing L2 strengths several times cheaper without changing the optimum.
   */
  public static Fit fit(
      FeatureMatrix features,
      double[] targets,
      double[] weights,
      FitOptions options,
      LogisticRegression warmStart) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(options, "options");
    int n = features.rows();
    if (targets.length != n) {
      throw new IllegalArgumentException(
          "targets has " + targets.length + " entries for " + n + " rows");
    }
    for (int i = 0; i < n; i++) {
      if (!(targets[i] >= 0 && targets[i] <= 1)) {
        throw new IllegalArgumentException(
            "target of row " + i + " must be in [0, 1], got: " + targets[i]);
      }
    }
    double[] w = weights == null ? filled(n, 1.0) : weights;
    if (w.length != n) {
      throw new IllegalArgumentException("weights has " + w.length + " entries for " + n + " rows");
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
        throw new IllegalArgumentException(
            "weight of row " + i + " must be finite and >= 0, got: " + w[i]);
      }
      total += w[i];
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("the weights of " + n + " rows sum to zero");
    }
    int d = features.columns();
    double[] start = new double[d + 1];
    if (warmStart != null) {
      if (warmStart.featureCount() != d) {
        throw new IllegalArgumentException(
            "warm start has " + warmStart.featureCount() + " features, data has " + d);
      }
      System.arraycopy(warmStart.coefficients, 0, start, 0, d);
      start[d] = warmStart.intercept;
    }
    LogisticLoss loss = new LogisticLoss(features, targets, w, options.l2());
    LbfgsMinimizer.Result result =
        new LbfgsMinimizer(
                new LbfgsMinimizer.Options(
                    LBFGS_MEMORY, options.maxIterations(), options.gradientTolerance()))
            .minimize(loss, start);
    double[] x = result.x();
    LogisticRegression model = new LogisticRegression(Arrays.copyOf(x, d), x[d]);
    return new Fit(
        model, result.value(), result.gradientNorm(), result.iterations(), result.converged());
  }

  /** Number of features the model expects. */
  public int featureCount() {
    return coefficients.length;
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** The linear score {@code x . coefficients + intercept}. */
  public double logit(double[] features) {
    Objects.requireNonNull(features, "features");
    if (features.length != coefficients.length) {
      throw new IllegalArgumentException(
          "expected " + coefficients.length + " features, got: " + features.length);
    }
    return DenseFeatureMatrix.dot(features, 0, coefficients, coefficients.length) + intercept;
  }

  /** Probability of success for one feature vector. */
  public double probability(double[] features) {
    return LogisticLoss.sigmoid(logit(features));
  }

  /** Probability of success for every row of {@code features}. */
  public double[] probabilities(FeatureMatrix features) {
    Objects.requireNonNull(features, "features");
    if (features.columns() != coefficients.length) {
      throw new IllegalArgumentException(
          "expected " + coefficients.length + " features, got: " + features.columns());
    }
    double[] p = new double[features.rows()];
    for (int i = 0; i < p.length; i++) {
      p[i] = LogisticLoss.sigmoid(features.dotRow(i, coefficients) + intercept);
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogisticRegression other
        && Arrays.equals(coefficients, other.coefficients)
        && Double.compare(intercept, other.intercept) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(coefficients) + Double.hashCode(intercept);
  }

  @Override
  public String toString() {
    return "LogisticRegression[features=" + coefficients.length + ", intercept=" + intercept + "]";
  }

  private static double[] filled(int n, double value) {
    double[] a = new double[n];
    Arrays.fill(a, value);
    return a;
  }
}
