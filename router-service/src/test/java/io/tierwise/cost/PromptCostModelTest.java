package io.tierwise.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PromptCostModelTest {

  @Test
  void recoversExactLinesPerTier() {
    int[] chars = {100, 200, 400, 800};
    double[][] costs = new double[4][2];
    for (int i = 0; i < chars.length; i++) {
      costs[i][0] = 0.001 + 1e-6 * chars[i];
      costs[i][1] = 0.010 + 5e-6 * chars[i];
    }
    PromptCostModel model = PromptCostModel.fit(chars, costs);
    assertArrayEquals(new double[] {0.001, 0.010}, model.intercepts(), 1e-12);
    assertArrayEquals(new double[] {1e-6, 5e-6}, model.slopes(), 1e-15);
    assertArrayEquals(new double[] {0.001 + 1e-3, 0.010 + 5e-3}, model.estimate(1000), 1e-12);
  }

  @Test
  void skipsMissingCostsAndNeverGoesNegative() {
    int[] chars = {10, 20, 30};
    // Decreasing cost with length would give a negative slope; the model clamps it to a flat mean.
    double[][] costs = {{3.0, Double.NaN}, {2.0, 1.0}, {1.0, Double.NaN}};
    PromptCostModel model = PromptCostModel.fit(chars, costs);
    assertEquals(0.0, model.slopes()[0]);
    assertEquals(2.0, model.intercepts()[0], 1e-12);
    assertEquals(1.0, model.intercepts()[1], 1e-12);
    for (double usd : model.estimate(1_000_000)) {
      assertTrue(usd >= 0);
    }
  }

  @Test
  void refitsThroughOriginWhenInterceptWouldBeNegative() {
    int[] chars = {100, 200};
    double[][] costs = {{0.5}, {2.0}};
    PromptCostModel model = PromptCostModel.fit(chars, costs);
    assertEquals(0.0, model.intercepts()[0]);
    assertEquals((100 * 0.5 + 200 * 2.0) / (100.0 * 100 + 200.0 * 200), model.slopes()[0], 1e-15);
  }

  @Test
  void tierSeenOnlyOnLongAnswerPromptsBorrowsTheWellCoveredTiersShape() {
    // Tier 0 is 10x cheaper than tier 1 on every prompt but is labelled only on the 20 long-answer
    // prompts; fitted alone, its line would price a short question like a long chat answer.
    int rows = 100;
    int[] chars = new int[rows];
    double[][] costs = new double[rows][2];
    for (int i = 0; i < rows; i++) {
      boolean longAnswer = i < 20;
      chars[i] = 50 + i;
      costs[i][1] = (longAnswer ? 0.05 : 0.001) + 1e-6 * chars[i];
      costs[i][0] = longAnswer ? costs[i][1] / 10 : Double.NaN;
    }
    PromptCostModel model = PromptCostModel.fit(chars, costs);
    double[] shortQuestion = model.estimate(120);
    assertEquals(shortQuestion[1] / 10, shortQuestion[0], 1e-12);
    assertTrue(shortQuestion[0] < shortQuestion[1], java.util.Arrays.toString(shortQuestion));
  }

  @Test
  void rejectsTierWithoutLabels() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> PromptCostModel.fit(new int[] {1}, new double[][] {{1.0, Double.NaN}}));
    assertTrue(error.getMessage().contains("tier 1"), error.getMessage());
  }
}
