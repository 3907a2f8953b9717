package io.tierwise.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolicyFamilyTest {

  private static final double[][] P = {{0.9, 0.95}, {0.7, 0.9}, {0.4, 0.8}, {0.2, 0.7}};
  private static final double[][] C = {{1, 10}, {1, 10}, {1, 10}, {1, 10}};

  @Test
  void uniformThresholdGridIsTheCheapTiersProbabilitiesThenOneAbove() {
    double[] grid = new PolicyFamily.UniformThreshold(2).grid(P, C, 201);
    assertArrayEquals(new double[] {0.2, 0.4, 0.7, 0.9, Math.nextUp(0.9)}, grid);
    assertEquals(
        TierPolicy.CheapestAboveThreshold.uniform(2, 0.4),
        new PolicyFamily.UniformThreshold(2).policyAt(0.4));
    assertEquals("threshold", new PolicyFamily.UniformThreshold(2).parameterName());
  }

  @Test
  void uniformThresholdGridHonoursItsSize() {
    double[] grid = new PolicyFamily.UniformThreshold(2).grid(P, C, 3);
    // Two quantiles (min and max) and the value above.
    assertArrayEquals(new double[] {0.2, 0.9, Math.nextUp(0.9)}, grid);
  }

  @Test
  void utilityGridIsBreakEvenLambdasDescendingBetweenAboveAllAndZero() {
    // Break-evens (p1 - p0) / (10 - 1): 0.05/9, 0.2/9, 0.4/9, 0.5/9.
    double[] grid = new PolicyFamily.Utility().grid(P, C, 201);
    double max = (0.7 - 0.2) / 9;
    double[] expected = {
      max * 2 + Double.MIN_NORMAL, max, (0.8 - 0.4) / 9, (0.9 - 0.7) / 9, (0.95 - 0.9) / 9, 0.0
    };
    assertArrayEquals(expected, grid, 1e-15);
    assertEquals("lambda", new PolicyFamily.Utility().parameterName());
  }

  @Test
  void gridEndsRouteEverythingToTheCheapestAndToTheFamilysDearestChoice() {
    long seed = new Random().nextLong();
    System.out.println("PolicyFamilyTest seed: " + seed);
    ScoredPrompts data = RandomScoredPrompts.generate(seed, 300, 5, false);
    double[][] cost = data.estimatedCostUsd();
    double[][] p = data.probability();
    for (PolicyFamily family :
        List.of(new PolicyFamily.UniformThreshold(5), new PolicyFamily.Utility())) {
      double[] grid = family.grid(data, 51);
      assertTrue(grid.length <= 51 && grid.length >= 2, family + " grid size " + grid.length);
      int[] cheapest = data.choices(family.policyAt(grid[0]));
      int[] dearest = data.choices(family.policyAt(grid[grid.length - 1]));
      for (int i = 0; i < data.prompts(); i++) {
        // Tier order is the threshold rule's notion of cheap; the estimate is the utility's.
        int cheap = family instanceof PolicyFamily.Utility ? argMin(cost[i]) : 0;
        assertEquals(cheap, cheapest[i], family + " seed " + seed + " prompt " + i);
        int expected = family instanceof PolicyFamily.Utility ? argMax(p[i]) : 4;
        assertEquals(expected, dearest[i], family + " seed " + seed + " prompt " + i);
      }
    }
  }

  /**
   * Spend order: for the utility family the chosen tier's estimated cost never falls along the
   * grid, prompt by prompt; so with exact estimates the curve's true mean cost is monotone too.
   */
  @Test
  void utilitySpendNeverFallsAlongTheGrid() {
    long seed = new Random().nextLong();
    System.out.println("PolicyFamilyTest seed: " + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 20; round++) {
      int tiers = 2 + random.nextInt(10);
      ScoredPrompts data =
          RandomScoredPrompts.generate(random.nextLong(), 200, tiers, round % 2 == 0);
      PolicyFamily family = new PolicyFamily.Utility();
      double[] grid = family.grid(data, 101);
      double[][] estimated = data.estimatedCostUsd();
      int[] previous = null;
      double previousMean = -1;
      for (double lambda : grid) {
        int[] chosen = data.choices(family.policyAt(lambda));
        double mean = 0;
        for (int i = 0; i < chosen.length; i++) {
          if (previous != null) {
            assertTrue(
                estimated[i][chosen[i]] >= estimated[i][previous[i]],
                "seed " + seed + " round " + round + " prompt " + i + " at lambda " + lambda);
          }
          mean += data.trueCostUsd(i, chosen[i]);
        }
        mean /= chosen.length;
        if (round % 2 == 0) {
          assertTrue(
              mean >= previousMean, "seed " + seed + " round " + round + " lambda " + lambda);
        }
        previous = chosen;
        previousMean = mean;
      }
    }
  }

  @Test
  void gridRejectsTooSmallSizes() {
    assertThrows(IllegalArgumentException.class, () -> new PolicyFamily.Utility().grid(P, C, 1));
    assertThrows(IllegalArgumentException.class, () -> new PolicyFamily.UniformThreshold(1));
  }

  @Test
  void utilityGridWithoutAnyTradeOffStillHasBothEnds() {
    // The dear tier is never more probable: nothing to trade, every lambda picks tier 0.
    double[][] p = {{0.9, 0.5}, {0.8, 0.8}};
    double[] grid = new PolicyFamily.Utility().grid(p, new double[][] {{1, 10}, {1, 10}}, 10);
    assertEquals(2, grid.length);
    assertTrue(grid[0] > grid[1], Arrays.toString(grid));
  }

  private static int argMin(double[] v) {
    int best = 0;
    for (int t = 1; t < v.length; t++) {
      if (v[t] < v[best]) {
        best = t;
      }
    }
    return best;
  }

  private static int argMax(double[] v) {
    int best = 0;
    for (int t = 1; t < v.length; t++) {
      if (v[t] > v[best]) {
        best = t;
      }
    }
    return best;
  }
}
