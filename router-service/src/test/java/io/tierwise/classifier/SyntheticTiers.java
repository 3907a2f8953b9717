package io.tierwise.classifier;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic routing data with known structure: three tiers whose success probability is a logistic
 * function of eight features with very different scales; the top tier misses 30% of its labels and
 * the middle tier has graded (quarter-step) labels.
 */
final class SyntheticTiers {

  static final List<String> TIERS = List.of("small", "medium", "large");
  static final int FEATURES = 8;
  private static final double[][] BETA = {
    {1.2, -0.8, 0.6, 0, 0, 0.4, 0, 0},
    {0.8, -0.5, 0.4, 0.3, 0, 0, 0, 0},
    {0.4, -0.2, 0.2, 0, 0, 0, 0, 0.1},
  };
  private static final double[] INTERCEPT = {-0.3, 0.5, 1.5};

  final double[][] features;
  final double[][] truth;
  final double[][] labels;

  private SyntheticTiers(double[][] features, double[][] truth, double[][] labels) {
    this.features = features;
    this.truth = truth;
    this.labels = labels;
  }

  static SyntheticTiers generate(SplittableRandom random, int rows) {
    double[][] x = new double[rows][FEATURES];
    double[][] truth = new double[rows][TIERS.size()];
    double[][] labels = new double[rows][TIERS.size()];
    for (int i = 0; i < rows; i++) {
      double[] standard = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        standard[j] = TestRandom.gaussian(random);
        // Raw features on wildly different scales; the scaler must undo this.
        x[i][j] = j == 0 ? 500 + 100 * standard[j] : j == 1 ? 0.001 * standard[j] : standard[j];
      }
      for (int t = 0; t < TIERS.size(); t++) {
        double z = INTERCEPT[t];
        for (int j = 0; j < FEATURES; j++) {
          z += BETA[t][j] * standard[j];
        }
        double p = TestRandom.sigmoid(z);
        truth[i][t] = p;
        double u = random.nextDouble();
        labels[i][t] =
            switch (t) {
              case 0 -> u < p ? 1 : 0;
              case 1 -> Math.min(1, Math.max(0, Math.round((p + 0.3 * (u - 0.5)) * 4) / 4.0));
              default -> random.nextDouble() < 0.3 ? Double.NaN : (u < p ? 1 : 0);
            };
      }
    }
    return new SyntheticTiers(x, truth, labels);
  }

  TierTrainingData trainingData() {
    return TierTrainingData.of(TIERS, features, labels);
  }

  double[] labelsOf(int tier) {
    double[] column = new double[labels.length];
    for (int i = 0; i < column.length; i++) {
      column[i] = labels[i][tier];
    }
    return column;
  }
}
