package io.tierwise.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tierwise.data.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityPriorsTest {

  private final QualityPriors priors =
      new QualityPriors(
          Map.of(
              "gpt", new QualityPriors.Tally(4, 3.0),
              "llama", new QualityPriors.Tally(2, 0.5),
              "empty", new QualityPriors.Tally(0, 0.0)));

  @Test
  void modelsWithoutLabelsFallBackToTheOverallMean() {
    assertEquals(0.75, priors.mean("gpt"));
    assertEquals(0.25, priors.mean("llama"));
    assertEquals(3.5 / 6, priors.overallMean(), 1e-12);
    assertEquals(3.5 / 6, priors.mean("empty"), 1e-12);
    assertEquals(3.5 / 6, priors.mean("unknown"), 1e-12);
    assertEquals(QualityPriors.UNINFORMED_MEAN, QualityPriors.empty().mean("gpt"));
  }

  @Test
  void leaveOneOutRemovesExactlyOnePromptsLabels() {
    QualityPriors without =
        priors.without(Map.of("gpt", Outcome.ofQuality(1), "llama", Outcome.ofQuality(0.5)));
    assertEquals(new QualityPriors.Tally(3, 2.0), without.tallies().get("gpt"));
    assertEquals(new QualityPriors.Tally(1, 0.0), without.tallies().get("llama"));
    assertEquals(2.0 / 3, without.mean("gpt"), 1e-12);

    QualityPriors single = new QualityPriors(Map.of("m", QualityPriors.Tally.of(0.3)));
    assertEquals(
        new QualityPriors.Tally(0, 0.0),
        single.without(Map.of("m", Outcome.ofQuality(0.3))).tallies().get("m"));
    assertThrows(
        IllegalArgumentException.class,
        () -> priors.without(Map.of("unknown", Outcome.ofQuality(1))));
  }

  @Test
  void plusMergesDisjointSegments() {
    QualityPriors other =
        new QualityPriors(
            Map.of("gpt", new QualityPriors.Tally(1, 0.0), "new", QualityPriors.Tally.of(1)));
    QualityPriors merged = priors.plus(other);
    assertEquals(new QualityPriors.Tally(5, 3.0), merged.tallies().get("gpt"));
    assertEquals(1.0, merged.mean("new"));
    assertEquals(0.25, merged.mean("llama"));
  }

  @Test
  void talliesRejectImpossibleSums() {
    assertThrows(IllegalArgumentException.class, () -> new QualityPriors.Tally(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new QualityPriors.Tally(2, 2.5));
    assertThrows(IllegalArgumentException.class, () -> new QualityPriors.Tally(2, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new QualityPriors.Tally(2, Double.NaN));
    assertThrows(IllegalStateException.class, () -> new QualityPriors.Tally(0, 0).mean());
  }
}
