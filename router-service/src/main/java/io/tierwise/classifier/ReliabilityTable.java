package io.tierwise.classifier;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A reliability diagram in table form: predictions grouped into equal-width probability bins, each
 * with its mean prediction and observed success rate. A calibrated model has the two equal in every
 * populated bin.
 *
 * @param bins the bins, lowest probabilities first
 */
public record ReliabilityTable(List<Bin> bins) {

  /** The usual ten bins [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0]. */
  public static final int DEFAULT_BINS = 10;

  /**
   * One probability bin.
   *
   * @param lower inclusive lower edge
   * @param upper upper edge, exclusive except for the last bin
   * @param count rows in the bin
   * @param weight total weight of those rows
   * @param meanPredicted weighted mean prediction, NaN when empty
   * @param observedRate weighted mean outcome, NaN when empty
   */
  public record Bin(
      double lower,
      double upper,
      int count,
      double weight,
      double meanPredicted,
      double observedRate) {
    public Bin {
      if (!(lower < upper)) {
        throw new IllegalArgumentException(
            "bin lower edge must be below upper edge, got: " + lower + " and " + upper);
      }
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0, got: " + count);
      }
    }
  }

  public ReliabilityTable {
    Objects.requireNonNull(bins, "bins");
    bins = List.copyOf(bins);
    if (bins.isEmpty()) {
      throw new IllegalArgumentException("a reliability table needs at least one bin");
    }
  }

  /** Ten equal-width bins, unweighted. */
  public static ReliabilityTable of(double[] predicted, double[] outcomes) {
    return of(predicted, outcomes, null, DEFAULT_BINS);
  }

  /** {@code binCount} equal-width bins; {@code weights} may be {@code null} for all ones. */
  public static ReliabilityTable of(
      double[] predicted, double[] outcomes, double[] weights, int binCount) {
    ProbabilityMetrics.checkSameLength(predicted, outcomes, weights);
    if (binCount < 1) {
      throw new IllegalArgumentException("binCount must be at least 1, got: " + binCount);
    }
    int[] counts = new int[binCount];
    double[] weightSum = new double[binCount];
    double[] predictedSum = new double[binCount];
    double[] outcomeSum = new double[binCount];
    for (int i = 0; i < predicted.length; i++) {
      int b = Math.min(binCount - 1, (int) (predicted[i] * binCount));
      double w = ProbabilityMetrics.weight(weights, i);
      counts[b]++;
      weightSum[b] += w;
      predictedSum[b] += w * predicted[i];
      outcomeSum[b] += w * outcomes[i];
    }
    Bin[] bins = new Bin[binCount];
    for (int b = 0; b < binCount; b++) {
      boolean empty = !(weightSum[b] > 0);
      bins[b] =
          new Bin(
              (double) b / binCount,
              (double) (b + 1) / binCount,
              counts[b],
              weightSum[b],
              empty ? Double.NaN : predictedSum[b] / weightSum[b],
              empty ? Double.NaN : outcomeSum[b] / weightSum[b]);
    }
    return new ReliabilityTable(List.of(bins));
  }

  /**
   * Expected calibration error: the weight-averaged absolute gap between mean prediction and
   * observed rate over the bins (Naeini et al., 2015).
   */
  public double expectedCalibrationError() {
    double total = 0;
    double gap = 0;
    for (Bin bin : bins) {
      if (bin.weight() > 0) {
        total += bin.weight();
        gap += bin.weight() * Math.abs(bin.meanPredicted() - bin.observedRate());
      }
    }
    return total > 0 ? gap / total : Double.NaN;
  }

  /** A fixed-width text table, one line per bin, followed by the ECE. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(Locale.ROOT, "%-11s %7s %9s %9s%n", "bin", "count", "mean p", "observed"));
    for (Bin bin : bins) {
      out.append(
          String.format(
              Locale.ROOT,
              "[%.2f,%.2f%s %7d %9s %9s%n",
              bin.lower(),
              bin.upper(),
              bin.upper() >= 1.0 ? "]" : ")",
              bin.count(),
              !(bin.weight() > 0) ? "-" : String.format(Locale.ROOT, "%.3f", bin.meanPredicted()),
              !(bin.weight() > 0) ? "-" : String.format(Locale.ROOT, "%.3f", bin.observedRate())));
    }
    out.append(String.format(Locale.ROOT, "ECE %.4f%n", expectedCalibrationError()));
    return out.toString();
  }
}
