package io.tierwise.retraining;

import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether a retrained router may replace its parent, from both routers' per-prompt
 * utilities on the same held-back prompts.
 *
 * <p>The rule: with {@code d_i = u_candidate_i - u_parent_i} (paired, so prompts on which both
 * routers pick the same tier contribute exactly 0), the candidate is <b>not worse</b> when {@code
 * mean(d) >= -z * SE(d)}, i.e. a one-sided test at level {@code z} cannot show it is worse, and at
 * least {@code minHeldOut} prompts were compared. The tolerance {@code z * SE(d)} is what the slice
 * size justifies: it shrinks as {@code 1/sqrt(n)}, so on a large slice only a small loss is
 * forgiven, and on a small one only a loss that could plausibly be noise. Fewer than {@code
 * minHeldOut} prompts are too few for the normal approximation, so such a candidate is never
 * promotable.
 *
 * <pre>{@code
 * PromotionRule.Verdict v = PromotionRule.defaults().judge(parentUtility, candidateUtility);
 * }</pre>
 *
 * @param z one-sided normal quantile of the tolerance, finite and {@code >= 0}
 * @param minHeldOut fewest compared prompts for any verdict of "not worse", at least 2
 */
public record PromotionRule(double z, int minHeldOut) {

  /** One-sided 95%: a candidate is held back only on evidence at the 5% level. */
  public static final double DEFAULT_Z = 1.645;

  /** Below about 30 paired prompts the mean difference is not close to normal. */
  public static final int DEFAULT_MIN_HELD_OUT = 30;

  public PromotionRule {
    if (!(z >= 0.0) || Double.isInfinite(z)) {
      throw new IllegalArgumentException("z must be finite and >= 0, got: " + z);
    }
    if (minHeldOut < 2) {
      throw new IllegalArgumentException("minHeldOut must be at least 2, got: " + minHeldOut);
    }
  }

  public static PromotionRule defaults() {
    return new PromotionRule(DEFAULT_Z, DEFAULT_MIN_HELD_OUT);
  }

  /**
   * The verdict on paired per-prompt utilities.
   *
   * @throws IllegalArgumentException if the arrays differ in length or hold a non-finite value
   */
  public Verdict judge(double[] parentUtility, double[] candidateUtility) {
    Objects.requireNonNull(parentUtility, "parentUtility");
    Objects.requireNonNull(candidateUtility, "candidateUtility");
    if (parentUtility.length != candidateUtility.length) {
      throw new IllegalArgumentException(
          "paired utilities expected, got "
              + parentUtility.length
              + " parent and "
              + candidateUtility.length
              + " candidate values");
    }
    int n = parentUtility.length;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(parentUtility[i]) || !Double.isFinite(candidateUtility[i])) {
        throw new IllegalArgumentException("utility of held-out prompt " + i + " is not finite");
      }
      d[i] = candidateUtility[i] - parentUtility[i];
    }
    double mean = 0.0;
    for (double v : d) {
      mean += v;
    }
    mean = n == 0 ? 0.0 : mean / n;
    double squares = 0.0;
    for (double v : d) {
      squares += (v - mean) * (v - mean);
    }
    double se = n < 2 ? Double.POSITIVE_INFINITY : Math.sqrt(squares / (n - 1) / n);
    double tolerance = z * se;
    if (n < minHeldOut) {
      return new Verdict(
          false,
          mean,
          se,
          tolerance,
          n,
          String.format(
              Locale.ROOT,
              "not promotable: only %d held-out prompts compared, at least %d needed",
              n,
              minHeldOut));
    }
    boolean notWorse = mean >= -tolerance;
    return new Verdict(
        notWorse,
        mean,
        se,
        tolerance,
        n,
        String.format(
            Locale.ROOT,
            "%s: mean utility change %+.5f on %d held-out prompts, tolerance %.5f (= %.3f x SE %.5f)",
            notWorse ? "promotable" : "not promotable",
            mean,
            n,
            tolerance,
            z,
            se));
  }

  /** The rule in words, for manifests. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "promotable iff at least %d held-out prompts and mean(u_candidate - u_parent) >= -%.3f x"
            + " SE, with u = quality - lambda * costUsd per prompt",
        minHeldOut,
        z);
  }

  /**
   * @param promotable whether the candidate is not worse
   * @param meanDifference mean of {@code u_candidate - u_parent}
   * @param standardError its standard error (infinite below two prompts)
   * @param tolerance {@code z * standardError}
   * @param prompts prompts compared
   * @param reason one sentence with the numbers
   */
  public record Verdict(
      boolean promotable,
      double meanDifference,
      double standardError,
      double tolerance,
      int prompts,
      String reason) {
    public Verdict {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
