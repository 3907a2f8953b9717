package io.tierwise.eval;

import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.ScoredPrompts;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A router that knows only the prompt's task label: each tier's mean quality and mean cost per task
 * on the training split stand in for the learned probability and cost estimate, and the same {@link
 * PolicyFamily} sweep as the real router turns them into a curve. It shows how much of a router's
 * gain is merely "which benchmark is this". Tasks unseen in training get the global means.
 */
public final class StaticPerTaskBaseline {

  private final List<String> tierNames;
  private final Map<String, double[]> meanQuality;
  private final Map<String, double[]> meanCost;
  private final double[] globalQuality;
  private final double[] globalCost;

  private StaticPerTaskBaseline(
      List<String> tierNames,
      Map<String, double[]> meanQuality,
      Map<String, double[]> meanCost,
      double[] globalQuality,
      double[] globalCost) {
    this.tierNames = tierNames;
    this.meanQuality = meanQuality;
    this.meanCost = meanCost;
    this.globalQuality = globalQuality;
    this.globalCost = globalCost;
  }

  /**
   * Per-task means of the true quality and true cost of {@code train}.
   *
   * @param trainTasks the task label of each training prompt
   */
  public static StaticPerTaskBaseline fit(ScoredPrompts train, List<String> trainTasks) {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(trainTasks, "trainTasks");
    if (trainTasks.size() != train.prompts()) {
      throw new IllegalArgumentException(
          "need one task label per training prompt ("
              + train.prompts()
              + "), got: "
              + trainTasks.size());
    }
    int tiers = train.tiers();
    Map<String, double[]> qualitySums = new HashMap<>();
    Map<String, double[]> costSums = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    double[] globalQuality = new double[tiers];
    double[] globalCost = new double[tiers];
    for (int i = 0; i < train.prompts(); i++) {
      String task = Objects.requireNonNull(trainTasks.get(i), "task label");
      double[] q = qualitySums.computeIfAbsent(task, k -> new double[tiers]);
      double[] c = costSums.computeIfAbsent(task, k -> new double[tiers]);
      counts.merge(task, 1, Integer::sum);
      for (int t = 0; t < tiers; t++) {
        q[t] += train.quality(i, t);
        c[t] += train.trueCostUsd(i, t);
        globalQuality[t] += train.quality(i, t);
        globalCost[t] += train.trueCostUsd(i, t);
      }
    }
    for (String task : counts.keySet()) {
      divide(qualitySums.get(task), counts.get(task));
      divide(costSums.get(task), counts.get(task));
    }
    divide(globalQuality, train.prompts());
    divide(globalCost, train.prompts());
    return new StaticPerTaskBaseline(
        train.tierNames(), qualitySums, costSums, globalQuality, globalCost);
  }

  private static void divide(double[] sums, int count) {
    for (int t = 0; t < sums.length; t++) {
      sums[t] /= count;
    }
  }

  /** Task labels seen in training. */
  public Set<String> tasks() {
    return Collections.unmodifiableSet(meanQuality.keySet());
  }

  /** Per tier, the training mean quality of {@code task} (global means if unseen). */
  public double[] meanQuality(String task) {
    return meanQuality.getOrDefault(Objects.requireNonNull(task, "task"), globalQuality).clone();
  }

  /** Per tier, the training mean cost of {@code task} in USD (global means if unseen). */
  public double[] meanCostUsd(String task) {
    return meanCost.getOrDefault(Objects.requireNonNull(task, "task"), globalCost).clone();
  }

  /**
   * {@code test} as this baseline sees it: each prompt's probabilities and cost estimates replaced
   * by its task's training means; true quality and cost unchanged.
   *
   * @param testTasks the task label of each test prompt
   */
  public ScoredPrompts applyTo(ScoredPrompts test, List<String> testTasks) {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(testTasks, "testTasks");
    if (!test.tierNames().equals(tierNames)) {
      throw new IllegalArgumentException(
          "test tiers " + test.tierNames() + " differ from training tiers " + tierNames);
    }
    if (testTasks.size() != test.prompts()) {
      throw new IllegalArgumentException(
          "need one task label per test prompt (" + test.prompts() + "), got: " + testTasks.size());
    }
    double[][] probability = new double[test.prompts()][];
    double[][] cost = new double[test.prompts()][];
    for (int i = 0; i < probability.length; i++) {
      probability[i] = meanQuality(testTasks.get(i));
      cost[i] = meanCostUsd(testTasks.get(i));
    }
    return test.withRouterView(probability, cost);
  }

  /** The curve of {@code family} swept over {@link #applyTo(ScoredPrompts, List)}. */
  public OperatingCurve curve(
      PolicyFamily family, ScoredPrompts test, List<String> testTasks, int gridSize) {
    return OperatingCurve.sweep(family, applyTo(test, testTasks), gridSize);
  }
}
