package io.tierwise.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PromotionRuleTest {

  private final PromotionRule rule = PromotionRule.defaults();

  @Test
  void identicalDecisionsAreNotWorse() {
    double[] u = new double[50];
    Arrays.fill(u, 0.7);
    PromotionRule.Verdict verdict = rule.judge(u, u.clone());
    assertTrue(verdict.promotable(), verdict.reason());
    assertEquals(0.0, verdict.meanDifference());
    assertEquals(0.0, verdict.tolerance());
  }

  @Test
  void aConsistentLossIsWorse() {
    double[] parent = new double[100];
    double[] candidate = new double[100];
    for (int i = 0; i < 100; i++) {
      parent[i] = 1.0;
      // Loses a full point on every fifth prompt: mean -0.2, SE 0.04, tolerance 0.066.
      candidate[i] = i % 5 == 0 ? 0.0 : 1.0;
    }
    PromotionRule.Verdict verdict = rule.judge(parent, candidate);
    assertFalse(verdict.promotable(), verdict.reason());
    assertEquals(-0.2, verdict.meanDifference(), 1e-12);
    assertEquals(Math.sqrt(0.16 * 100 / 99 / 100), verdict.standardError(), 1e-12);
  }

  @Test
  void aLossWithinTheSliceNoiseIsForgiven() {
    double[] parent = new double[100];
    double[] candidate = new double[100];
    // Candidate loses on 3 prompts and wins on 2: mean -0.01, SE ~0.0224, tolerance ~0.037.
    for (int i = 0; i < 100; i++) {
      parent[i] = 0.5;
      candidate[i] = i < 3 ? 0.0 : i < 5 ? 1.0 : 0.5;
    }
    PromotionRule.Verdict verdict = rule.judge(parent, candidate);
    assertTrue(verdict.meanDifference() < 0);
    assertTrue(verdict.promotable(), verdict.reason());
  }

  @Test
  void theToleranceShrinksWithTheSliceSize() {
    // The same per-prompt pattern (mean -0.01) on a 100x larger slice is now significant.
    double[] parent = new double[10_000];
    double[] candidate = new double[10_000];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = 0.5;
      int k = i % 100;
      candidate[i] = k < 3 ? 0.0 : k < 5 ? 1.0 : 0.5;
    }
    assertFalse(rule.judge(parent, candidate).promotable());
  }

  @Test
  void tooSmallASliceIsNeverPromotable() {
    double[] parent = new double[29];
    double[] better = new double[29];
    Arrays.fill(better, 1.0);
    PromotionRule.Verdict verdict = rule.judge(parent, better);
    assertFalse(verdict.promotable());
    assertTrue(verdict.reason().contains("at least 30"), verdict.reason());
  }

  @Test
  void rejectsUnpairedOrNonFiniteInput() {
    assertThrows(IllegalArgumentException.class, () -> rule.judge(new double[3], new double[4]));
    assertThrows(
        IllegalArgumentException.class,
        () -> rule.judge(new double[] {Double.NaN}, new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> new PromotionRule(-1, 30));
    assertThrows(IllegalArgumentException.class, () -> new PromotionRule(1.6, 1));
  }
}
