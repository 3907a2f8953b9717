package io.tierwise.retraining;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Chooses the local tier's confidence threshold: the lowest calibrated {@code P(good)} at which a
 * local answer is kept (not escalated) such that the kept answers are good often enough. "Often
 * enough" is judged by the Wilson lower bound of the kept answers' precision (z = 1, the margin
 * {@code TargetCalibration} uses), so a threshold certified on a handful of lucky answers does not
 * pass. Pure: probabilities and labels in, threshold out.
 *
 * <pre>{@code
 * LocalConfidenceThreshold.Choice c = LocalConfidenceThreshold.forPrecision(p, good, 0.9);
 * boolean keep = calibration.isConfident(confidence, c.minProbability());
 * }</pre>
 */
public final class LocalConfidenceThreshold {

  /** One-sided normal quantile of the precision's lower bound. */
  public static final double Z = 1.0;

  /** Default wanted share of good answers among those kept local. */
  public static final double DEFAULT_TARGET_PRECISION = 0.9;

  private LocalConfidenceThreshold() {}

  /**
   * @param minProbability keep a local answer when its calibrated P(good) is at least this; 1.0
   *     (never reached by a logistic model) when no threshold qualifies, i.e. always escalate
   * @param precision observed share of good answers among the kept ones (0 when none is kept)
   * @param precisionLowerBound its Wilson lower bound
   * @param coverage share of all answers kept
   * @param kept answers kept
   */
  public record Choice(
      double minProbability,
      double precision,
      double precisionLowerBound,
      double coverage,
      int kept) {
    public String describe() {
      return String.format(
          Locale.ROOT,
          "keep local answers with P(good) >= %.4f: precision %.3f (lower bound %.3f), coverage %.3f",
          minProbability,
          precision,
          precisionLowerBound,
          coverage);
    }
  }

  /**
   * The threshold of largest coverage whose precision lower bound reaches {@code targetPrecision}.
   *
   * @param probability calibrated P(good) of each judged local answer
   * @param good whether each answer was judged good
   * @throws IllegalArgumentException for mismatched or empty inputs, a probability outside [0, 1],
   *     or a target outside (0, 1]
   */
  public static Choice forPrecision(double[] probability, boolean[] good, double targetPrecision) {
    Objects.requireNonNull(probability, "probability");
    Objects.requireNonNull(good, "good");
    if (probability.length != good.length) {
      throw new IllegalArgumentException(
          "one label per probability expected, got "
              + good.length
              + " labels for "
              + probability.length);
    }
    if (probability.length == 0) {
      throw new IllegalArgumentException("need at least one judged local answer");
    }
    if (!(targetPrecision > 0.0 && targetPrecision <= 1.0)) {
      throw new IllegalArgumentException(
          "targetPrecision must be in (0, 1], got: " + targetPrecision);
    }
    for (double p : probability) {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("probabilities must be in [0, 1], got: " + p);
      }
    }
    int n = probability.length;
    Integer[] order =
        IntStream.range(0, n)
            .boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> probability[i]).reversed())
            .toArray(Integer[]::new);
    Choice best = new Choice(1.0, 0.0, 0.0, 0.0, 0);
    int kept = 0;
    int goodKept = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      kept++;
      goodKept += good[i] ? 1 : 0;
      // Only cut between distinct probabilities: a threshold keeps all answers tied with it.
      if (k + 1 < n && probability[order[k + 1]] == probability[i]) {
        continue;
      }
      double precision = (double) goodKept / kept;
      double lower = wilsonLower(goodKept, kept, Z);
      if (lower >= targetPrecision) {
        best = new Choice(probability[i], precision, lower, (double) kept / n, kept);
      }
    }
    return best;
  }

  /** Wilson score interval's lower end for {@code successes} of {@code trials}. */
  static double wilsonLower(int successes, int trials, double z) {
    double p = (double) successes / trials;
    double z2 = z * z;
    double centre = p + z2 / (2.0 * trials);
    double spread = z * Math.sqrt(p * (1.0 - p) / trials + z2 / (4.0 * trials * trials));
    return Math.max(0.0, (centre - spread) / (1.0 + z2 / trials));
  }
}
