package io.tierwise.retraining;

import io.tierwise.training.LabelledRows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Stands in for the outcome of a tier nobody observed on a held-out prompt: served traffic reveals
 * only the chosen tier's answer (and a shadow sample of the top tier's), so a router that would
 * have chosen another tier has no observed outcome there. The stand-in is the tier's mean observed
 * quality and cost on training prompts of the same task, else over all training prompts; it depends
 * on neither router's predictions, so neither router's own optimism can flatter it.
 */
public final class OutcomeImputation {

  private final int tiers;
  private final Map<String, double[][]> byTask;
  private final double[][] overall;

  private OutcomeImputation(int tiers, Map<String, double[][]> byTask, double[][] overall) {
    this.tiers = tiers;
    this.byTask = byTask;
    this.overall = overall;
  }

  /** Means of the observed (non-NaN) qualities and costs of {@code rows}, per task and tier. */
  public static OutcomeImputation fit(LabelledRows rows) {
    Objects.requireNonNull(rows, "rows");
    int tiers = rows.size() == 0 ? 0 : rows.quality()[0].length;
    // sums[0] quality sum, [1] quality count, [2] cost sum, [3] cost count; per tier.
    Map<String, double[][]> byTask = new HashMap<>();
    double[][] overall = new double[4][tiers];
    List<String> tasks = rows.tasks();
    for (int i = 0; i < rows.size(); i++) {
      double[][] task = byTask.computeIfAbsent(tasks.get(i), t -> new double[4][tiers]);
      for (int t = 0; t < tiers; t++) {
        double q = rows.quality()[i][t];
        double c = rows.costUsd()[i][t];
        for (double[][] sums : new double[][][] {task, overall}) {
          if (!Double.isNaN(q)) {
            sums[0][t] += q;
            sums[1][t]++;
          }
          if (!Double.isNaN(c)) {
            sums[2][t] += c;
            sums[3][t]++;
          }
        }
      }
    }
    return new OutcomeImputation(tiers, byTask, overall);
  }

  /** Mean observed quality of {@code tier} on {@code task}, else overall, else {@code fallback}. */
  public double quality(String task, int tier, double fallback) {
    return mean(task, tier, 0, fallback);
  }

  /** Mean observed cost of {@code tier} on {@code task}, else overall, else {@code fallback}. */
  public double costUsd(String task, int tier, double fallback) {
    return mean(task, tier, 2, fallback);
  }

  private double mean(String task, int tier, int field, double fallback) {
    if (tier < 0 || tier >= tiers) {
      return fallback;
    }
    double[][] sums = byTask.get(task);
    if (sums != null && sums[field + 1][tier] > 0) {
      return sums[field][tier] / sums[field + 1][tier];
    }
    if (overall[field + 1][tier] > 0) {
      return overall[field][tier] / overall[field + 1][tier];
    }
    return fallback;
  }
}
