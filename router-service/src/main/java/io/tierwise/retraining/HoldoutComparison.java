package io.tierwise.retraining;

import io.tierwise.artifact.RouterManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One router's decisions on the held-back prompts, scored with observed outcomes where the chosen
 * tier's outcome was observed and with an {@link OutcomeImputation} stand-in elsewhere. Pure.
 *
 * @param metrics the summary for the manifest
 * @param utility per prompt, {@code quality - lambda * costUsd}
 */
public record HoldoutComparison(RouterManifest.HoldoutMetrics metrics, double[] utility) {

  public HoldoutComparison {
    Objects.requireNonNull(metrics, "metrics");
    utility = utility.clone();
  }

  @Override
  public double[] utility() {
    return utility.clone();
  }

  /**
   * Scores decisions.
   *
   * @param chosen per prompt, the index of the chosen tier
   * @param observedQuality per prompt and tier, the observed quality or NaN
   * @param observedCostUsd per prompt and tier, the observed cost or NaN
   * @param imputedQuality per prompt and tier, the stand-in quality (finite)
   * @param imputedCostUsd per prompt and tier, the stand-in cost (finite)
   * @param lambda quality per USD, the exchange rate of the utility
   * @param tierNames tier names, cheapest first
   */
  public static HoldoutComparison of(
      int[] chosen,
      double[][] observedQuality,
      double[][] observedCostUsd,
      double[][] imputedQuality,
      double[][] imputedCostUsd,
      double lambda,
      List<String> tierNames) {
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(tierNames, "tierNames");
    int n = chosen.length;
    for (double[][] m :
        new double[][][] {observedQuality, observedCostUsd, imputedQuality, imputedCostUsd}) {
      Objects.requireNonNull(m, "outcome matrix");
      if (m.length != n) {
        throw new IllegalArgumentException(
            "one outcome row per decision expected, got " + m.length + " for " + n);
      }
    }
    if (!(lambda >= 0.0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, got: " + lambda);
    }
    double[] utility = new double[n];
    double quality = 0.0;
    double cost = 0.0;
    int observed = 0;
    int[] counts = new int[tierNames.size()];
    for (int i = 0; i < n; i++) {
      int t = chosen[i];
      if (t < 0 || t >= tierNames.size()) {
        throw new IllegalArgumentException("decision " + i + " names tier index " + t);
      }
      double q = observedQuality[i][t];
      double c = observedCostUsd[i][t];
      if (!Double.isNaN(q)) {
        observed++;
      } else {
        q = imputedQuality[i][t];
      }
      if (Double.isNaN(c)) {
        c = imputedCostUsd[i][t];
      }
      if (!Double.isFinite(q) || !Double.isFinite(c)) {
        throw new IllegalArgumentException("no usable outcome for decision " + i + " tier " + t);
      }
      utility[i] = q - lambda * c;
      quality += q;
      cost += c;
      counts[t]++;
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    double utilityMean = 0.0;
    for (double u : utility) {
      utilityMean += u;
    }
    for (int t = 0; t < counts.length; t++) {
      shares.put(tierNames.get(t), n == 0 ? 0.0 : (double) counts[t] / n);
    }
    RouterManifest.HoldoutMetrics metrics =
        new RouterManifest.HoldoutMetrics(
            n,
            n == 0 ? 0.0 : quality / n,
            n == 0 ? 0.0 : cost / n * 1000.0,
            n == 0 ? 0.0 : utilityMean / n,
            n == 0 ? 0.0 : (double) observed / n,
            shares);
    return new HoldoutComparison(metrics, utility);
  }
}
