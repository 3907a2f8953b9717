package io.tierwise.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic splits for property tests: tiers get dearer and (mostly) better, prompts vary in
 * difficulty and length, the router's probabilities are noisy views of the truth.
 */
public final class RandomScoredPrompts {

  private RandomScoredPrompts() {}

  /**
   * A split of {@code prompts} prompts over {@code tiers} tiers.
   *
   * @param exactCostEstimates whether the router's cost estimates equal the true costs
   */
  public static ScoredPrompts generate(
      long seed, int prompts, int tiers, boolean exactCostEstimates) {
    Random random = new Random(seed);
    List<String> names = new ArrayList<>();
    double[] skill = new double[tiers];
    double[] price = new double[tiers];
    for (int t = 0; t < tiers; t++) {
      names.add("tier" + t);
      // Skill rises with price on average, with enough jitter that some dear tiers are worse.
      skill[t] = -1.0 + 2.5 * t / (tiers - 1) + random.nextGaussian() * 0.4;
      price[t] = 1e-4 * Math.pow(2.5, t) * (0.7 + 0.6 * random.nextDouble());
    }
    boolean soft = random.nextBoolean();
    double[][] probability = new double[prompts][tiers];
    double[][] estimated = new double[prompts][tiers];
    double[][] quality = new double[prompts][tiers];
    double[][] cost = new double[prompts][tiers];
    for (int i = 0; i < prompts; i++) {
      double difficulty = random.nextGaussian();
      double length = Math.exp(random.nextGaussian() * 0.5);
      for (int t = 0; t < tiers; t++) {
        double chance = sigmoid(skill[t] - difficulty);
        probability[i][t] = sigmoid(skill[t] - difficulty + random.nextGaussian() * 0.8);
        quality[i][t] =
            soft
                ? Math.round(
                        Math.min(1.0, Math.max(0.0, chance + random.nextGaussian() * 0.2)) * 10)
                    / 10.0
                : (random.nextDouble() < chance ? 1.0 : 0.0);
        cost[i][t] = price[t] * length;
        estimated[i][t] =
            exactCostEstimates ? cost[i][t] : price[t] * Math.exp(random.nextGaussian() * 0.3);
      }
    }
    return ScoredPrompts.of(names, probability, estimated, quality, cost);
  }

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
