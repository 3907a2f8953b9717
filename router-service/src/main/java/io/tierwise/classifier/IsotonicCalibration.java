package io.tierwise.classifier;

import java.util.Arrays;
import java.util.Objects;

/**
 * Isotonic calibration: the non-decreasing step function of the raw probability that best fits the
 * labels in weighted squared error, found by pool-adjacent-violators (Zadrozny &amp; Elkan, 2002),
 * then linearly interpolated between blocks (as scikit-learn does) so the map stays continuous.
 *
 * <p>Only block ends are kept as knots: within a pooled block the value is constant, so the
 * interpolated function is unchanged and the model stays small however many rows were fitted.
 *
 * @param knots raw probabilities, strictly increasing
 * @param values calibrated probabilities at the knots, non-decreasing, in [0, 1]
 */
public record IsotonicCalibration(double[] knots, double[] values)
    implements ProbabilityCalibration {

  public IsotonicCalibration {
    Objects.requireNonNull(knots, "knots");
    Objects.requireNonNull(values, "values");
    if (knots.length == 0 || knots.length != values.length) {
      throw new IllegalArgumentException(
          "need the same positive number of knots and values, got: "
              + knots.length
              + " and "
              + values.length);
    }
    knots = knots.clone();
    values = values.clone();
    for (int i = 0; i < knots.length; i++) {
      if (!Double.isFinite(knots[i]) || (i > 0 && !(knots[i] > knots[i - 1]))) {
        throw new IllegalArgumentException(
            "knots must be finite and strictly increasing; knot " + i + " is " + knots[i]);
      }
      if (!(values[i] >= 0 && values[i] <= 1) || (i > 0 && values[i] < values[i - 1])) {
        throw new IllegalArgumentException(
            "values must be non-decreasing in [0, 1]; value " + i + " is " + values[i]);
      }
    }
  }

  /**
   * Fits the isotonic map on held-out raw probabilities against their labels.
   *
   * @param probabilities raw held-out probabilities
   * @param labels outcomes in [0, 1] (soft labels allowed)
   * @param weights per-row weights, or {@code null} for all ones
   */
  public static IsotonicCalibration fit(double[] probabilities, double[] labels, double[] weights) {
    ProbabilityMetrics.checkSameLength(probabilities, labels, weights);
    int n = probabilities.length;
    if (n == 0) {
      throw new IllegalArgumentException("cannot fit an isotonic calibration on zero rows");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(probabilities[a], probabilities[b]));

    // Blocks as parallel arrays used as a stack. Equal raw probabilities start in one block, so
    // the result does not depend on how the sort ordered ties.
    double[] lowX = new double[n];
    double[] highX = new double[n];
    double[] sumW = new double[n];
    double[] sumWy = new double[n];
    int blocks = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      double w = weights == null ? 1.0 : weights[i];
      if (w == 0) {
        continue;
      }
      double x = probabilities[i];
      if (blocks > 0 && highX[blocks - 1] == x) {
        sumW[blocks - 1] += w;
        sumWy[blocks - 1] += w * labels[i];
      } else {
        lowX[blocks] = x;
        highX[blocks] = x;
        sumW[blocks] = w;
        sumWy[blocks] = w * labels[i];
        blocks++;
      }
      // Pool while the newest block's mean is below its predecessor's (a violation).
      while (blocks > 1
          && sumWy[blocks - 1] * sumW[blocks - 2] < sumWy[blocks - 2] * sumW[blocks - 1]) {
        sumW[blocks - 2] += sumW[blocks - 1];
        sumWy[blocks - 2] += sumWy[blocks - 1];
        highX[blocks - 2] = highX[blocks - 1];
        blocks--;
      }
    }
    if (blocks == 0) {
      throw new IllegalArgumentException("cannot fit an isotonic calibration: all weights are 0");
    }
    double[] knots = new double[2 * blocks];
    double[] values = new double[2 * blocks];
    int m = 0;
    double previous = 0;
    for (int b = 0; b < blocks; b++) {
      // Clamp rounding so the invariants hold exactly (means of values in [0, 1] are in [0, 1]).
      double v = Math.max(previous, Math.min(1.0, Math.max(0.0, sumWy[b] / sumW[b])));
      previous = v;
      knots[m] = lowX[b];
      values[m++] = v;
      if (highX[b] > lowX[b]) {
        knots[m] = highX[b];
        values[m++] = v;
      }
    }
    return new IsotonicCalibration(Arrays.copyOf(knots, m), Arrays.copyOf(values, m));
  }

  /** Number of knots. */
  public int size() {
    return knots.length;
  }

  @Override
  public double[] knots() {
    return knots.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  @Override
  public double apply(double probability) {
    if (!(probability > knots[0])) {
      return Double.isNaN(probability) ? Double.NaN : values[0];
    }
    int last = knots.length - 1;
    if (probability >= knots[last]) {
      return values[last];
    }
    int hi = Arrays.binarySearch(knots, probability);
    if (hi >= 0) {
      return values[hi];
    }
    hi = -hi - 1; // first knot above the probability; hi >= 1 here
    int lo = hi - 1;
    double t = (probability - knots[lo]) / (knots[hi] - knots[lo]);
    return values[lo] + t * (values[hi] - values[lo]);
  }

  @Override
  public String kind() {
    return "isotonic";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IsotonicCalibration other
        && Arrays.equals(knots, other.knots)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(knots) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "IsotonicCalibration[knots=" + knots.length + "]";
  }
}
