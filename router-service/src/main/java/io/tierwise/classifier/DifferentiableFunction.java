package io.tierwise.classifier;

/** A smooth objective that computes its value and gradient together (they share most work). */
interface DifferentiableFunction {

  /** Number of parameters. */
  int dimension();

  /**
   * Returns f(x) and writes its gradient into {@code gradient}. May return a non-finite value when
   * x is outside the region where f can be evaluated; the line search then shortens the step.
   */
  double valueAndGradient(double[] x, double[] gradient);
}
