package io.tierwise.training;

import io.tierwise.cost.ObservedCost;
import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.Outcome;
import io.tierwise.tier.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Labelled prompts laid out as per-tier matrices: {@code quality[row][tier]} and {@code
 * costUsd[row][tier]}, with {@code NaN} where a row has no label (or no priceable cost) for a
 * tier's model. Rows labelled for none of the tiers are left out.
 */
public record LabelledRows(
    List<LabelledPrompt> prompts,
    double[][] quality,
    double[][] costUsd,
    double[][] costForEstimate) {

  public LabelledRows {
    prompts = List.copyOf(prompts);
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(costUsd, "costUsd");
    Objects.requireNonNull(costForEstimate, "costForEstimate");
    if (quality.length != prompts.size()
        || costUsd.length != prompts.size()
        || costForEstimate.length != prompts.size()) {
      throw new IllegalArgumentException(
          "one quality and cost row per prompt expected, got "
              + quality.length
              + " and "
              + costUsd.length
              + " for "
              + prompts.size());
    }
  }

  /** Lays out {@code data} for {@code tiers}. */
  public static LabelledRows of(LabelledDataset data, List<Tier> tiers) {
    List<LabelledPrompt> kept = new ArrayList<>();
    List<double[]> quality = new ArrayList<>();
    List<double[]> cost = new ArrayList<>();
    List<double[]> estimateCost = new ArrayList<>();
    for (LabelledPrompt prompt : data.prompts()) {
      double[] q = new double[tiers.size()];
      double[] c = new double[tiers.size()];
      boolean any = false;
      for (int t = 0; t < tiers.size(); t++) {
        Outcome outcome = prompt.outcome(tiers.get(t).model());
        if (outcome == null) {
          q[t] = Double.NaN;
          c[t] = Double.NaN;
          continue;
        }
        any = true;
        q[t] = outcome.quality();
        c[t] = ObservedCost.isKnown(outcome) ? ObservedCost.usd(outcome, tiers.get(t)) : Double.NaN;
      }
      if (any) {
        kept.add(prompt);
        quality.add(q);
        cost.add(c);
        estimateCost.add(withImputedCosts(prompt, tiers, c));
      }
    }
    return new LabelledRows(
        kept,
        quality.toArray(double[][]::new),
        cost.toArray(double[][]::new),
        estimateCost.toArray(double[][]::new));
  }

  /**
   * Fills a priced tier's missing cost with what this prompt would have cost there: the mean token
   * counts of the models that did answer it, at the tier's prices. Multi-source data labels cheap
   * models on some sources only (e.g. long chat answers) and expensive ones elsewhere (one-letter
   * answers); fitting each tier's cost line on its own rows alone would mistake that for a price
   * difference.
   */
  private static double[] withImputedCosts(
      LabelledPrompt prompt, List<Tier> tiers, double[] observed) {
    double[] costs = observed.clone();
    double input = 0;
    double output = 0;
    int counted = 0;
    for (Outcome outcome : prompt.outcomes().values()) {
      if (outcome.hasTokens()) {
        input += outcome.inputTokens();
        output += outcome.outputTokens();
        counted++;
      }
    }
    for (int t = 0; t < tiers.size(); t++) {
      Tier tier = tiers.get(t);
      boolean priced = tier.inputUsdPer1M() > 0 || tier.outputUsdPer1M() > 0;
      if (Double.isNaN(costs[t]) && priced && counted > 0) {
        costs[t] = tier.priceUsd(Math.round(input / counted), Math.round(output / counted));
      }
    }
    return costs;
  }

  /** The rows at {@code indexes}, in that order. */
  public LabelledRows select(int[] indexes) {
    Objects.requireNonNull(indexes, "indexes");
    List<LabelledPrompt> kept = new ArrayList<>(indexes.length);
    double[][] q = new double[indexes.length][];
    double[][] c = new double[indexes.length][];
    double[][] e = new double[indexes.length][];
    for (int k = 0; k < indexes.length; k++) {
      int i = indexes[k];
      kept.add(prompts.get(i));
      q[k] = quality[i];
      c[k] = costUsd[i];
      e[k] = costForEstimate[i];
    }
    return new LabelledRows(kept, q, c, e);
  }

  public int size() {
    return prompts.size();
  }

  /** Prompt texts, in row order. */
  public List<String> texts() {
    return prompts.stream().map(LabelledPrompt::prompt).toList();
  }

  /** Task labels, in row order. */
  public List<String> tasks() {
    return prompts.stream().map(LabelledPrompt::task).toList();
  }

  /** Prompt lengths in characters, in row order. */
  public int[] promptChars() {
    return prompts.stream().mapToInt(p -> p.prompt().length()).toArray();
  }

  /**
   * Indexes of rows whose quality and cost are known for every tier: the rows a cost/quality curve
   * can score.
   */
  public int[] completeRows() {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      boolean complete = true;
      for (int t = 0; t < quality[i].length && complete; t++) {
        complete = !Double.isNaN(quality[i][t]) && !Double.isNaN(costUsd[i][t]);
      }
      if (complete) {
        rows.add(i);
      }
    }
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }
}
