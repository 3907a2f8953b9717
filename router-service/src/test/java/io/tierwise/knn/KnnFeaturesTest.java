package io.tierwise.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.data.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KnnFeaturesTest {

  /** Weights halve every 0.1 of similarity below 1: w(1) = 1, w(0.9) = 1/2, w(0.8) = 1/4. */
  private static final KnnFeatureSpec HALVING =
      new KnnFeatureSpec(4, List.of(0.5, 0.85), 2.0, 0.1 / Math.log(2));

  private static final QualityPriors PRIORS =
      new QualityPriors(
          Map.of(
              "gpt", new QualityPriors.Tally(4, 3.0), // mean 0.75
              "llama", new QualityPriors.Tally(4, 1.0))); // mean 0.25; overall 0.5

  @Test
  void weightedShrunkMeansFollowTheDocumentedFormulas() {
    List<MemoryNeighbour> neighbours =
        List.of(
            neighbour("a", 1.0, Map.of("gpt", 1.0, "llama", 0.0)),
            neighbour("b", 0.9, Map.of("gpt", 0.0)),
            neighbour("c", 0.8, Map.of("gpt", 1.0, "llama", 1.0)));

    KnnFeatures features =
        KnnFeatures.of(neighbours, List.of("llama", "gpt", "mistral"), PRIORS, HALVING);

    // gpt: W = 1 + 1/2 + 1/4 = 7/4, Σwq = 5/4; α = 2, μ = 3/4 -> (5/4 + 3/2) / (15/4) = 11/15.
    double gpt = 11.0 / 15;
    double gptVariance =
        (1 * sq(1 - gpt) + 0.5 * sq(gpt) + 0.25 * sq(1 - gpt) + 2 * (0.75 * 0.25 + sq(0.75 - gpt)))
            / 3.75;
    // llama: W = 1 + 1/4, Σwq = 1/4; μ = 1/4 -> (1/4 + 1/2) / (13/4) = 3/13.
    double llama = 3.0 / 13;
    double llamaVariance =
        (1 * sq(llama) + 0.25 * sq(1 - llama) + 2 * (0.25 * 0.75 + sq(0.25 - llama))) / 3.25;
    double[] expected = {
      1.0,
      0.9,
      0.8,
      0.0, // top-4, padded
      0.9,
      1.0,
      3, // mean, max, found
      3,
      2, // at least 0.5, 0.85
      llama,
      Math.sqrt(llamaVariance),
      2,
      1.25,
      0.0,
      1.0,
      gpt,
      Math.sqrt(gptVariance),
      3,
      1.75,
      1.0,
      1.0,
      0.5,
      0.5,
      0,
      0,
      0.5,
      0.0 // mistral: no labels anywhere -> overall prior 1/2
    };
    assertArrayEquals(expected, features.toArray(), 1e-12);
    assertEquals(features.names().size(), features.toArray().length);
    assertEquals(11.0 / 15, features.model("gpt").quality(), 1e-12);
  }

  @Test
  void nearestLabelledNeighbourSkipsUnlabelledOnes() {
    List<MemoryNeighbour> neighbours =
        List.of(
            neighbour("a", 0.95, Map.of("gpt", 1.0)),
            neighbour("b", 0.6, Map.of("llama", 0.4)),
            neighbour("c", 0.5, Map.of("llama", 1.0)));
    ModelEvidence llama =
        KnnFeatures.of(neighbours, List.of("llama"), PRIORS, HALVING).model("llama");
    assertEquals(0.4, llama.nearestQuality());
    assertEquals(0.6, llama.nearestSimilarity());
    assertEquals(2, llama.labelled());
  }

  @Test
  void withoutNeighboursEveryModelGetsItsPrior() {
    KnnFeatures features = KnnFeatures.of(List.of(), List.of("gpt", "llama"), PRIORS, HALVING);
    assertEquals(0, features.found());
    assertEquals(KnnFeatures.MISSING_SIMILARITY, features.meanSimilarity());
    assertEquals(KnnFeatures.MISSING_SIMILARITY, features.maxSimilarity());
    assertEquals(
        new ModelEvidence("gpt", 0.75, Math.sqrt(0.75 * 0.25), 0, 0.0, 0.75, 0.0),
        features.model("gpt"));
    assertEquals(
        new ModelEvidence("llama", 0.25, Math.sqrt(0.25 * 0.75), 0, 0.0, 0.25, 0.0),
        features.model("llama"));
    assertArrayEquals(new double[] {0, 0, 0, 0}, features.topSimilarities());
  }

  @Test
  void closeConsistentEvidenceOutweighsThePriorAndNarrowsTheSpread() {
    List<MemoryNeighbour> duplicates = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      duplicates.add(neighbour("d" + i, 1.0, Map.of("llama", 1.0)));
    }
    List<MemoryNeighbour> distant = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      distant.add(neighbour("f" + i, 0.3, Map.of("llama", 1.0)));
    }
    ModelEvidence close =
        KnnFeatures.of(duplicates, List.of("llama"), PRIORS, HALVING).model("llama");
    ModelEvidence far = KnnFeatures.of(distant, List.of("llama"), PRIORS, HALVING).model("llama");
    assertEquals((4 + 2 * 0.25) / 6, close.quality(), 1e-12);
    assertTrue(far.quality() < 0.27, "distant neighbours barely move the prior: " + far);
    assertTrue(close.std() < far.std(), close + " vs " + far);
  }

  @Test
  void layoutAndNamesAreStableAndAgree() {
    SplittableRandom random = new SplittableRandom(7);
    List<String> models = List.of("z-model", "a-model");
    for (int trial = 0; trial < 20; trial++) {
      List<MemoryNeighbour> neighbours = new ArrayList<>();
      double similarity = 1.0;
      int count = random.nextInt(5);
      for (int i = 0; i < count; i++) {
        similarity -= random.nextDouble(0.3);
        Map<String, Double> quality = new LinkedHashMap<>();
        if (random.nextBoolean()) {
          quality.put("a-model", random.nextDouble());
        }
        neighbours.add(neighbour("n" + i, Math.max(-1, similarity), quality));
      }
      KnnFeatures features = KnnFeatures.of(neighbours, models, PRIORS, HALVING);
      double[] array = features.toArray();
      assertEquals(KnnFeatures.names(HALVING, models), features.names());
      assertEquals(4 + 3 + 2 + 2 * 6, array.length);
      assertEquals("knn.model.z-model.quality", features.names().get(9));
      assertEquals(features.model("z-model").quality(), array[9]);
      assertEquals("knn.model.a-model.nearest_sim", features.names().get(20));
      assertEquals(features.model("a-model").nearestSimilarity(), array[20]);
      for (double value : array) {
        assertTrue(Double.isFinite(value), features.toString());
      }
    }
  }

  @Test
  void invalidInputsAreRejectedWithTheBadValue() {
    MemoryNeighbour near = neighbour("a", 0.9, Map.of());
    MemoryNeighbour far = neighbour("b", 0.2, Map.of());
    IllegalArgumentException unsorted =
        assertThrows(
            IllegalArgumentException.class,
            () -> KnnFeatures.of(List.of(far, near), List.of(), PRIORS, HALVING));
    assertTrue(unsorted.getMessage().contains("0.2 before 0.9"), unsorted.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> KnnFeatures.of(List.of(near, far), List.of(), PRIORS, HALVING.withK(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> KnnFeatures.of(List.of(), List.of("gpt", "gpt"), PRIORS, HALVING));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> KnnFeatures.of(List.of(), List.of("gpt"), PRIORS, HALVING).model("llama"));
    assertTrue(unknown.getMessage().contains("llama"), unknown.getMessage());

    IllegalArgumentException k =
        assertThrows(
            IllegalArgumentException.class, () -> new KnnFeatureSpec(0, List.of(), 1, 0.2));
    assertTrue(k.getMessage().contains("got: 0"), k.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new KnnFeatureSpec(5, List.of(0.7, 0.5), 1, 0.2));
    assertThrows(IllegalArgumentException.class, () -> new KnnFeatureSpec(5, List.of(1.5), 1, 0.2));
    assertThrows(IllegalArgumentException.class, () -> new KnnFeatureSpec(5, List.of(), 0, 0.2));
    assertThrows(
        IllegalArgumentException.class, () -> new KnnFeatureSpec(5, List.of(), 1, Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> new MemoryNeighbour("a", "s", "t", 1.5, Map.of()));
    assertThrows(
        IllegalArgumentException.class, () -> new KnnMemoryOptions(KnnFeatureSpec.defaults(), 0));
  }

  @Test
  void defaultSpecMatchesItsDocumentation() {
    KnnFeatureSpec spec = KnnFeatureSpec.defaults();
    assertEquals(10, spec.k());
    assertEquals(List.of(0.5, 0.7, 0.9), spec.thresholds());
    assertEquals(Math.exp(-1.5), spec.weight(0.7), 1e-12);
    assertEquals(1.0, spec.weight(1.0));
  }

  private static MemoryNeighbour neighbour(
      String id, double similarity, Map<String, Double> quality) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    quality.forEach((model, value) -> outcomes.put(model, Outcome.ofQuality(value)));
    return new MemoryNeighbour(id, "source", "task", similarity, outcomes);
  }

  private static double sq(double value) {
    return value * value;
  }
}
