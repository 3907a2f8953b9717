package io.tierwise.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.Outcome;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelledRowsTest {

  private static final Tier SMALL = new Tier("small", "s", 1.0, 2.0, TierKind.REMOTE);
  private static final Tier LARGE = new Tier("large", "l", 10.0, 30.0, TierKind.REMOTE);

  @Test
  void laysOutQualityAndCostAndImputesUnlabelledCostsFromTheRowsTokens() {
    LabelledDataset data =
        LabelledDataset.of(
            List.of(
                new LabelledPrompt(
                    "a",
                    "prompt a",
                    "src",
                    "task",
                    Map.of("l", new Outcome(1.0, null, 1000L, 100L))),
                new LabelledPrompt(
                    "b",
                    "prompt b",
                    "src",
                    "task",
                    Map.of("s", new Outcome(0.0, 0.5, null, null), "l", Outcome.ofQuality(1.0))),
                new LabelledPrompt(
                    "c", "unlabelled for both", "src", "task", Map.of("x", Outcome.ofQuality(1)))));
    LabelledRows rows = LabelledRows.of(data, List.of(SMALL, LARGE));
    assertEquals(2, rows.size());
    assertTrue(Double.isNaN(rows.quality()[0][0]));
    assertEquals(1.0, rows.quality()[0][1]);
    // Row a: large priced from its tokens, small unlabelled but imputed at small's prices for the
    // same tokens.
    assertEquals(LARGE.priceUsd(1000, 100), rows.costUsd()[0][1], 1e-15);
    assertTrue(Double.isNaN(rows.costUsd()[0][0]));
    assertEquals(SMALL.priceUsd(1000, 100), rows.costForEstimate()[0][0], 1e-15);
    // Row b: small's recorded USD cost wins; large has neither cost nor tokens anywhere in the row.
    assertEquals(0.5, rows.costUsd()[1][0]);
    assertTrue(Double.isNaN(rows.costForEstimate()[1][1]));
    assertArrayEquals(new int[] {}, rows.completeRows());
  }
}
