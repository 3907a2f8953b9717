package io.tierwise.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierPolicyTest {

  private static final boolean[] ALL3 = {true, true, true};
  private static final double[] COST3 = {0.001, 0.002, 0.01};

  @Test
  void thresholdPicksTheCheapestTierThatClearsItsOwnBar() {
    var policy = new TierPolicy.CheapestAboveThreshold(new double[] {0.8, 0.6, 0.5});
    assertEquals(0, policy.choose(new double[] {0.8, 0.9, 0.9}, COST3, ALL3));
    assertEquals(1, policy.choose(new double[] {0.79, 0.6, 0.9}, COST3, ALL3));
    assertEquals(2, policy.choose(new double[] {0.7, 0.5, 0.5}, COST3, ALL3));
  }

  @Test
  void thresholdFallsBackToTheMostExpensiveAllowedTier() {
    var policy = new TierPolicy.CheapestAboveThreshold(new double[] {0.8, 0.8, 0.8});
    double[] weak = {0.1, 0.2, 0.3};
    assertEquals(2, policy.choose(weak, COST3, ALL3));
    assertEquals(1, policy.choose(weak, COST3, new boolean[] {true, true, false}));
  }

  @Test
  void thresholdSkipsDisallowedTiersAndNaN() {
    var policy = TierPolicy.CheapestAboveThreshold.uniform(3, 0.5);
    assertEquals(
        1, policy.choose(new double[] {0.9, 0.9, 0.9}, COST3, new boolean[] {false, true, true}));
    assertEquals(1, policy.choose(new double[] {Double.NaN, 0.9, 0.9}, COST3, ALL3));
  }

  @Test
  void thresholdOfTheLastAllowedTierNeverMatters() {
    double[] p = {0.2, 0.3, 0.1};
    for (double last : new double[] {0.0, 0.5, 2.0}) {
      assertEquals(
          2,
          new TierPolicy.CheapestAboveThreshold(new double[] {0.9, 0.9, last})
              .choose(p, COST3, ALL3));
    }
  }

  @Test
  void thresholdDescribesEveryTierByName() {
    var policy = new TierPolicy.CheapestAboveThreshold(new double[] {0.7, 0.6});
    assertEquals(Map.of("small", 0.7, "large", 0.6), policy.describe(List.of("small", "large")));
    assertEquals(
        List.of("small", "large"),
        List.copyOf(policy.describe(List.of("small", "large")).keySet()));
    assertThrows(IllegalArgumentException.class, () -> policy.describe(List.of("only")));
  }

  @Test
  void thresholdsAreCopiedAndValidated() {
    double[] thresholds = {0.5, 0.5};
    var policy = new TierPolicy.CheapestAboveThreshold(thresholds);
    thresholds[0] = 0.0;
    assertEquals(0.5, policy.thresholds()[0]);
    policy.thresholds()[0] = 0.0;
    assertEquals(0.5, policy.thresholds()[0]);
    assertEquals(policy, new TierPolicy.CheapestAboveThreshold(new double[] {0.5, 0.5}));
    var nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TierPolicy.CheapestAboveThreshold(new double[] {0.5, Double.NaN}));
    assertTrue(nan.getMessage().contains("tier 1"), nan.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new TierPolicy.CheapestAboveThreshold(new double[] {0.5}));
  }

  @Test
  void utilityTradesProbabilityAgainstCost() {
    double[] p = {0.6, 0.9};
    double[] cost = {0.001, 0.011};
    boolean[] all = {true, true};
    // lambda = 10: 0.59 vs 0.79; lambda = 40: 0.56 vs 0.46; break-even at 0.3 / 0.01 = 30.
    assertEquals(1, new TierPolicy.UtilityMaximising(10).choose(p, cost, all));
    assertEquals(0, new TierPolicy.UtilityMaximising(40).choose(p, cost, all));
    assertEquals(1, new TierPolicy.UtilityMaximising(0).choose(p, cost, all));
  }

  @Test
  void utilityBreaksTiesTowardsTheCheaperTier() {
    // 0.5 - 0.25 = 0.75 - 0.5 exactly (dyadic values), so the utilities tie.
    double[] p = {0.5, 0.75};
    double[] cost = {0.25, 0.5};
    assertEquals(
        0, new TierPolicy.UtilityMaximising(1.0).choose(p, cost, new boolean[] {true, true}));
    assertEquals(
        1,
        new TierPolicy.UtilityMaximising(0.0)
            .choose(new double[] {0.5, 0.5, 0.5}, new double[] {0.3, 0.1, 0.2}, ALL3));
  }

  @Test
  void utilityRespectsAllowedAndSkipsNaN() {
    double[] p = {0.9, 0.9, 0.95};
    // lambda = 10: 0.89, 0.88, 0.85; the best is not allowed, so the next best wins.
    assertEquals(
        1,
        new TierPolicy.UtilityMaximising(10).choose(p, COST3, new boolean[] {false, true, true}));
    assertEquals(
        1,
        new TierPolicy.UtilityMaximising(1)
            .choose(new double[] {Double.NaN, 0.9, 0.5}, COST3, ALL3));
    assertEquals(
        2,
        new TierPolicy.UtilityMaximising(1)
            .choose(new double[] {Double.NaN, Double.NaN, Double.NaN}, COST3, ALL3));
  }

  @Test
  void utilityDescribesLambda() {
    assertEquals(
        Map.of("lambda", 25.0), new TierPolicy.UtilityMaximising(25).describe(List.of("a", "b")));
    assertThrows(IllegalArgumentException.class, () -> new TierPolicy.UtilityMaximising(-1));
    assertThrows(
        IllegalArgumentException.class, () -> new TierPolicy.UtilityMaximising(Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TierPolicy.UtilityMaximising(Double.POSITIVE_INFINITY));
  }

  @Test
  void fixedTierPrefersItselfThenBelowThenAbove() {
    double[] p = {0.5, 0.5, 0.5};
    assertEquals(2, new TierPolicy.FixedTier(2).choose(p, COST3, ALL3));
    assertEquals(
        1, new TierPolicy.FixedTier(2).choose(p, COST3, new boolean[] {true, true, false}));
    assertEquals(
        1, new TierPolicy.FixedTier(0).choose(p, COST3, new boolean[] {false, true, true}));
    assertEquals(
        Map.of("fixedTier", 2.0), new TierPolicy.FixedTier(2).describe(List.of("a", "b", "c")));
    assertThrows(
        IllegalArgumentException.class, () -> new TierPolicy.FixedTier(3).choose(p, COST3, ALL3));
  }

  @Test
  void everyPolicyRejectsNoAllowedTierAndMismatchedArrays() {
    List<TierPolicy> policies =
        List.of(
            TierPolicy.CheapestAboveThreshold.uniform(3, 0.5),
            new TierPolicy.UtilityMaximising(1),
            new TierPolicy.FixedTier(1));
    for (TierPolicy policy : policies) {
      var none =
          assertThrows(
              IllegalArgumentException.class,
              () -> policy.choose(new double[3], COST3, new boolean[3]));
      assertTrue(
          none.getMessage().contains("no tier is allowed"), policy + ": " + none.getMessage());
      assertThrows(IllegalArgumentException.class, () -> policy.choose(new double[2], COST3, ALL3));
    }
  }
}
