package io.tierwise.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tierwise.policy.ScoredPrompts;
import java.util.List;
import org.junit.jupiter.api.Test;

class OracleBaselineTest {

  @Test
  void picksTheCheapestTierWithThePromptsBestQuality() {
    double[][] q = {
      {1, 1, 1}, // all right: cheapest
      {0, 1, 1}, // only the dearer two: the middle one
      {0, 0, 0}, // nobody right: cheapest
      {0.3, 0.8, 0.8}, // soft grades: best grade 0.8, cheapest of those
      {0, 1, 1}, // on this prompt tier 2 happens to be cheaper than tier 1
      {0.2, 0.5, 0.9} // soft: only the top reaches 0.9
    };
    double[][] c = {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}, {1, 2, 3}, {1, 5, 3}, {1, 2, 3}};
    double[][] p = new double[6][3];
    ScoredPrompts data = ScoredPrompts.of(List.of("s", "m", "l"), p, c, q, c);
    assertArrayEquals(new int[] {0, 1, 0, 1, 2, 2}, OracleBaseline.choices(data));
    CurvePoint oracle = OracleBaseline.of(data);
    assertEquals((1 + 2 + 1 + 2 + 3 + 3) / 6.0, oracle.cost(), 1e-12);
    assertEquals((1 + 1 + 0 + 0.8 + 1 + 0.9) / 6.0, oracle.quality(), 1e-12);
    assertEquals(2.0 / 6, oracle.share("s"), 1e-12);
    assertEquals(2.0 / 6, oracle.share("m"), 1e-12);
    assertEquals(2.0 / 6, oracle.share("l"), 1e-12);
  }
}
