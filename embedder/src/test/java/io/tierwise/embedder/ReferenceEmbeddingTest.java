package io.tierwise.embedder;

import static io.tierwise.embedder.TestModels.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the bundled all-MiniLM against published numbers. The Xenova/all-MiniLM-L6-v2 model card
 * (the export the bundled jar ships, quantised, which is what Transformers.js loads by default)
 * embeds {@code ['This is an example sentence', 'Each sentence is converted']} in one batch with
 * mean pooling and normalisation, and prints the first three components of each vector.
 */
class ReferenceEmbeddingTest {

  private static final List<String> CARD_SENTENCES =
      List.of("This is an example sentence", "Each sentence is converted");

  private static final double[][] CARD_FIRST_COMPONENTS = {
    {0.04592696577310562, 0.07328180968761444, 0.05400655046105385},
    {0.08188057690858841, 0.10760223120450974, -0.013241755776107311},
  };

  private static OnnxTextEmbedder miniLm;

  @BeforeAll
  static void open() {
    miniLm = OnnxTextEmbedder.open(BundledEmbeddingModel.ALL_MINILM_L6_V2_Q, 1, 0);
  }

  @AfterAll
  static void close() {
    miniLm.close();
  }

  @Test
  void reproducesTheModelCardEmbeddings() {
    List<float[]> vectors = miniLm.embedAsOneBatch(CARD_SENTENCES);
    for (int s = 0; s < CARD_SENTENCES.size(); s++) {
      for (int i = 0; i < 3; i++) {
        assertEquals(
            CARD_FIRST_COMPONENTS[s][i],
            vectors.get(s)[i],
            1e-5,
            CARD_SENTENCES.get(s) + " component " + i);
      }
    }
  }

  /**
   * Why {@link OnnxTextEmbedder#embedAll} runs texts one by one: in a padded batch the quantised
   * model gives a text a different vector than alone.
   */
  @Test
  void batchingChangesTheVectorsOfTheQuantisedModel() {
    List<float[]> batched = miniLm.embedAsOneBatch(CARD_SENTENCES);
    float[] alone = miniLm.embed(CARD_SENTENCES.get(0));
    assertTrue(maxAbsDiff(alone, batched.get(0)) > 1e-3);
    assertEquals(alone.length, batched.get(0).length);
  }
}
