package io.tierwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PromptTextFeaturesTest {

  @Test
  void countsSurfaceFeatures() {
    String prompt = "Q1? 42\nAnswer: A\nQ2?\nAnswer:";
    double[] features = PromptTextFeatures.extract(prompt);
    assertEquals(PromptTextFeatures.NAMES.size(), features.length);
    assertEquals(Math.log1p(prompt.length()), features[0], 1e-12);
    assertEquals(Math.log1p(4), features[1], 1e-12);
    assertEquals(4.0 / prompt.length(), features[2], 1e-12); // 1, 4, 2, 2
    assertEquals(Math.log1p(2), features[5], 1e-12);
    assertEquals(Math.log1p(2), features[6], 1e-12);
  }

  @Test
  void emptyPromptGivesFiniteFeatures() {
    for (double value : PromptTextFeatures.extract("")) {
      assertEquals(true, Double.isFinite(value));
    }
  }
}
