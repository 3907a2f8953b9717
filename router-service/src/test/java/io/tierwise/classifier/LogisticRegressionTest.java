package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

  private static final double[] TRUE_BETA = {1.5, -2.0, 0.5, 0.0, 1.0};
  private static final double TRUE_INTERCEPT = -0.5;

  private static double[][] gaussianRows(SplittableRandom random, int n, int d) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = TestRandom.gaussian(random);
      }
    }
    return x;
  }

  private static double trueProbability(double[] row) {
    double z = TRUE_INTERCEPT;
    for (int j = 0; j < row.length; j++) {
      z += TRUE_BETA[j] * row[j];
    }
    return TestRandom.sigmoid(z);
  }

  @Test
  void recoversKnownCoefficientsFromSampledLabels() {
    SplittableRandom random = TestRandom.create("recoversKnownCoefficientsFromSampledLabels", 42);
    double[][] x = gaussianRows(random, 20_000, TRUE_BETA.length);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = random.nextDouble() < trueProbability(x[i]) ? 1 : 0;
    }
    LogisticRegression.Fit fit =
        LogisticRegression.fit(
            DenseFeatureMatrix.of(x), y, null, LogisticRegression.FitOptions.withL2(0));
    assertTrue(fit.converged(), "did not converge: " + fit);
    double[] beta = fit.model().coefficients();
    // Standard errors at n = 20,000 are about 0.03; 0.15 is five of them.
    for (int j = 0; j < beta.length; j++) {
      assertEquals(TRUE_BETA[j], beta[j], 0.15, "coefficient " + j);
    }
    assertEquals(TRUE_INTERCEPT, fit.model().intercept(), 0.15);
  }

  @Test
  void softTargetsEqualToTrueProbabilitiesRecoverCoefficientsExactly() {
    // With targets sigmoid(x . beta + b), the unregularised gradient vanishes exactly at the true
    // parameters, so the optimiser must land on them up to its tolerance.
    SplittableRandom random = TestRandom.create("softTargetsRecoverExactly", 7);
    double[][] x = gaussianRows(random, 2_000, TRUE_BETA.length);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = trueProbability(x[i]);
    }
    LogisticRegression.Fit fit =
        LogisticRegression.fit(
            DenseFeatureMatrix.of(x), y, null, new LogisticRegression.FitOptions(0, 1_000, 1e-10));
    assertTrue(fit.converged());
    assertArrayEquals(TRUE_BETA, fit.model().coefficients(), 1e-6);
    assertEquals(TRUE_INTERCEPT, fit.model().intercept(), 1e-6);
  }

  @Test
  void interceptOnlyModelIsTheLogitOfTheWeightedMean() {
    double[] y = {1, 0, 1, 1, 0.5};
    double[] w = {1, 2, 1, 1, 4};
    double mean = (1 + 0 + 1 + 1 + 0.5 * 4) / 9.0;
    LogisticRegression.Fit fit =
        LogisticRegression.fit(
            DenseFeatureMatrix.ofRowMajor(5, 0, new double[0]),
            y,
            w,
            new LogisticRegression.FitOptions(0, 100, 1e-12));
    assertEquals(Math.log(mean / (1 - mean)), fit.model().intercept(), 1e-10);
    assertEquals(mean, fit.model().probability(new double[0]), 1e-12);
  }

  @Test
  void regularisedSolutionSatisfiesTheStationarityCondition() {
    // At the optimum of mean-weighted cross-entropy + (l2/2)|beta|^2:
    // sum_i w_i (p_i - y_i) x_ij / W + l2 * beta_j = 0 for every j, and sum_i w_i (p_i - y_i) = 0.
    SplittableRandom random = TestRandom.create("stationarity", 11);
    double[][] x = gaussianRows(random, 500, 4);
    double[] y = new double[x.length];
    double[] w = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = random.nextDouble();
      w[i] = 0.5 + random.nextDouble();
    }
    double l2 = 0.3;
    LogisticRegression model =
        LogisticRegression.fit(
                DenseFeatureMatrix.of(x), y, w, new LogisticRegression.FitOptions(l2, 500, 1e-12))
            .model();
    double[] beta = model.coefficients();
    double total = 0;
    double[] gradient = new double[beta.length];
    double interceptGradient = 0;
    for (int i = 0; i < x.length; i++) {
      double residual = w[i] * (model.probability(x[i]) - y[i]);
      interceptGradient += residual;
      for (int j = 0; j < beta.length; j++) {
        gradient[j] += residual * x[i][j];
      }
      total += w[i];
    }
    for (int j = 0; j < beta.length; j++) {
      assertEquals(0, gradient[j] / total + l2 * beta[j], 1e-9, "gradient component " + j);
    }
    assertEquals(0, interceptGradient / total, 1e-9);
    // The penalty must actually shrink: coefficients well inside the unregularised fit's.
    double[] free =
        LogisticRegression.fit(
                DenseFeatureMatrix.of(x), y, w, new LogisticRegression.FitOptions(0, 500, 1e-12))
            .model()
            .coefficients();
    assertTrue(norm(beta) < norm(free), "l2 did not shrink the coefficients");
  }

  @Test
  void integerWeightsEqualRepeatedRows() {
    SplittableRandom random = TestRandom.create("integerWeightsEqualRepeatedRows", 3);
    double[][] x = gaussianRows(random, 200, 3);
    double[] y = new double[x.length];
    double[] w = new double[x.length];
    int repeated = 0;
    for (int i = 0; i < x.length; i++) {
      y[i] = random.nextDouble() < 0.4 ? 1 : 0;
      w[i] = 1 + random.nextInt(3);
      repeated += (int) w[i];
    }
    double[][] xr = new double[repeated][];
    double[] yr = new double[repeated];
    int k = 0;
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < w[i]; c++) {
        xr[k] = x[i];
        yr[k++] = y[i];
      }
    }
    LogisticRegression.FitOptions options = new LogisticRegression.FitOptions(0.01, 500, 1e-11);
    LogisticRegression weighted =
        LogisticRegression.fit(DenseFeatureMatrix.of(x), y, w, options).model();
    LogisticRegression replicated =
        LogisticRegression.fit(DenseFeatureMatrix.of(xr), yr, null, options).model();
    assertArrayEquals(replicated.coefficients(), weighted.coefficients(), 1e-8);
    assertEquals(replicated.intercept(), weighted.intercept(), 1e-8);
  }

  @Test
  void sparseAndDenseInputsGiveTheSameModel() {
    SplittableRandom random = TestRandom.create("sparseAndDenseInputsGiveTheSameModel", 5);
    int n = 300;
    int d = 40;
    double[][] dense = new double[n][d];
    int[] rowStart = new int[n + 1];
    int[] columns = new int[n * d];
    double[] values = new double[n * d];
    int entries = 0;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        if (random.nextDouble() < 0.1) {
          dense[i][j] = random.nextDouble();
          columns[entries] = j;
          values[entries++] = dense[i][j];
        }
      }
      rowStart[i + 1] = entries;
      y[i] = dense[i][0] + dense[i][1] > 0.3 ? 1 : 0;
    }
    SparseFeatureMatrix sparse =
        SparseFeatureMatrix.of(
            d,
            rowStart,
            java.util.Arrays.copyOf(columns, entries),
            java.util.Arrays.copyOf(values, entries));
    LogisticRegression.FitOptions options = new LogisticRegression.FitOptions(1e-3, 1_000, 1e-12);
    LogisticRegression fromDense =
        LogisticRegression.fit(DenseFeatureMatrix.of(dense), y, null, options).model();
    LogisticRegression fromSparse = LogisticRegression.fit(sparse, y, null, options).model();
    assertArrayEquals(fromDense.coefficients(), fromSparse.coefficients(), 1e-7);
    assertEquals(fromDense.intercept(), fromSparse.intercept(), 1e-7);
    assertArrayEquals(
        fromDense.probabilities(DenseFeatureMatrix.of(dense)),
        fromSparse.probabilities(sparse),
        1e-9);
  }

  @Test
  void trainingIsDeterministicAndWarmStartsReachTheSameOptimum() {
    SplittableRandom random = TestRandom.create("deterministic", 9);
    double[][] x = gaussianRows(random, 400, 6);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = random.nextDouble() < 0.5 ? 1 : 0;
    }
    DenseFeatureMatrix matrix = DenseFeatureMatrix.of(x);
    LogisticRegression.FitOptions options = new LogisticRegression.FitOptions(0.05, 500, 1e-11);
    LogisticRegression first = LogisticRegression.fit(matrix, y, null, options).model();
    LogisticRegression second = LogisticRegression.fit(matrix, y, null, options).model();
    assertEquals(first, second);
    LogisticRegression warm =
        LogisticRegression.fit(
                matrix,
                y,
                null,
                options,
                LogisticRegression.fit(
                        matrix, y, null, new LogisticRegression.FitOptions(1.0, 500, 1e-11))
                    .model())
            .model();
    assertArrayEquals(first.coefficients(), warm.coefficients(), 1e-8);
  }

  @Test
  void separableDataWithPenaltyConvergesToFiniteCoefficients() {
    double[][] x = {{-2}, {-1}, {1}, {2}};
    double[] y = {0, 0, 1, 1};
    LogisticRegression.Fit fit =
        LogisticRegression.fit(
            DenseFeatureMatrix.of(x), y, null, LogisticRegression.FitOptions.withL2(1e-3));
    assertTrue(fit.converged());
    assertTrue(fit.model().coefficients()[0] > 1, "expected a large positive slope");
    assertEquals(0, fit.model().intercept(), 1e-6, "symmetric data, symmetric solution");
  }

  @Test
  void rejectsInvalidInputsWithTheBadValue() {
    DenseFeatureMatrix x = DenseFeatureMatrix.of(new double[][] {{1}, {2}});
    LogisticRegression.FitOptions options = LogisticRegression.FitOptions.withL2(0.1);
    IllegalArgumentException target =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogisticRegression.fit(x, new double[] {0, 1.5}, null, options));
    assertTrue(target.getMessage().contains("1.5"), target.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> LogisticRegression.fit(x, new double[] {0, Double.NaN}, null, options));
    assertThrows(
        IllegalArgumentException.class,
        () -> LogisticRegression.fit(x, new double[] {0, 1}, new double[] {1, -1}, options));
    assertThrows(
        IllegalArgumentException.class,
        () -> LogisticRegression.fit(x, new double[] {0, 1}, new double[] {0, 0}, options));
    assertThrows(IllegalArgumentException.class, () -> LogisticRegression.FitOptions.withL2(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LogisticRegression(new double[] {1}, 0).probability(new double[2]));
  }

  @Test
  void coefficientsAreDefensivelyCopied() {
    double[] beta = {1, 2};
    LogisticRegression model = new LogisticRegression(beta, 0);
    beta[0] = 99;
    model.coefficients()[1] = 99;
    assertArrayEquals(new double[] {1, 2}, model.coefficients());
  }

  private static double norm(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
}
