package io.tierwise.classifier;

/**
 * The weighted, L2-regularised cross-entropy of logistic regression against soft targets:
 *
 * <pre>
 *   L(beta, b) = (1 / W) * sum_i w_i * [log(1 + e^z_i) - y_i * z_i] + (l2 / 2) * |beta|^2,
 *   z_i = x_i . beta + b,   W = sum_i w_i
 * </pre>
 *
 * Parameters are laid out as {@code [beta_0 .. beta_{d-1}, b]}; the intercept is not penalised.
 * Dividing by W keeps the meaning of {@code l2} independent of the number of rows, so one grid of
 * strengths serves 2k and 20k-row training sets.
 */
final class LogisticLoss implements DifferentiableFunction {

  private final FeatureMatrix features;
  private final double[] targets;
  private final double[] normalisedWeights;
  private final double l2;
  private final double[] beta;

  LogisticLoss(FeatureMatrix features, double[] targets, double[] weights, double l2) {
    this.features = features;
    this.targets = targets;
    this.l2 = l2;
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    this.normalisedWeights = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      normalisedWeights[i] = weights[i] / total;
    }
    this.beta = new double[features.columns()];
  }

  @Override
  public int dimension() {
    return features.columns() + 1;
  }

  @Override
  public double valueAndGradient(double[] parameters, double[] gradient) {
    int d = features.columns();
    System.arraycopy(parameters, 0, beta, 0, d);
    double intercept = parameters[d];
    java.util.Arrays.fill(gradient, 0.0);
    double loss = 0;
    double interceptGradient = 0;
    for (int i = 0; i < targets.length; i++) {
      double w = normalisedWeights[i];
      if (w == 0) {
        continue;
      }
      double z = features.dotRow(i, beta) + intercept;
      loss += w * (softplus(z) - targets[i] * z);
      double residual = w * (sigmoid(z) - targets[i]);
      interceptGradient += residual;
      if (residual != 0) {
        features.addRowTo(i, residual, gradient);
      }
    }
    double penalty = 0;
    for (int j = 0; j < d; j++) {
      penalty += beta[j] * beta[j];
      gradient[j] += l2 * beta[j];
    }
    gradient[d] = interceptGradient;
    return loss + 0.5 * l2 * penalty;
  }

  /** log(1 + e^z) without overflow for large |z|. */
  static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  /** 1 / (1 + e^-z) without overflow for large |z|. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }
}
