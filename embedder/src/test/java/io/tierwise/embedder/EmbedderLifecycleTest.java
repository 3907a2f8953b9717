package io.tierwise.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedderLifecycleTest {

  @Test
  void closeTwiceIsSafeAndUseAfterCloseThrows() {
    OnnxTextEmbedder embedder = OnnxTextEmbedder.open(EmbedderSettings.defaults());
    assertEquals(384, embedder.embed("still open").length);

    embedder.close();
    embedder.close();

    IllegalStateException single =
        assertThrows(IllegalStateException.class, () -> embedder.embed("closed"));
    assertTrue(single.getMessage().contains("all-minilm-l6-v2-q"), single.getMessage());
    assertThrows(IllegalStateException.class, () -> embedder.embedAll(List.of("closed")));
  }

  @Test
  void rejectsNullTexts() {
    try (OnnxTextEmbedder embedder = OnnxTextEmbedder.open(EmbedderSettings.defaults())) {
      assertThrows(NullPointerException.class, () -> embedder.embed(null));
      NullPointerException inList =
          assertThrows(
              NullPointerException.class, () -> embedder.embedAll(Arrays.asList("fine", null)));
      assertEquals("texts[1]", inList.getMessage());
    }
  }

  @Test
  void configuredMaxLengthCutsTexts() {
    // With 8 tokens, [CLS] + 1 head piece + 5 tail pieces + [SEP] are kept: the middle is cut.
    String sixWords = "one two three four five six";
    String longer = "one nine two three four five six";
    try (OnnxTextEmbedder cut =
            OnnxTextEmbedder.open(new EmbedderSettings(EmbedderSettings.DEFAULT_MODEL, 1, 8));
        OnnxTextEmbedder uncut = OnnxTextEmbedder.open(EmbedderSettings.defaults())) {
      assertEquals(8, cut.maxLength());
      // Six word pieces fit between [CLS] and [SEP]; what lies between head and tail is cut...
      assertArrayEquals(cut.embed(sixWords), cut.embed(longer));
      // ...which the default length does not do.
      assertTrue(TestModels.maxAbsDiff(uncut.embed(sixWords), uncut.embed(longer)) > 1e-3);
    }
  }

  @Test
  void theFullPositionRangeRuns() {
    try (OnnxTextEmbedder bge =
        OnnxTextEmbedder.open(BundledEmbeddingModel.BGE_SMALL_EN_V15_Q, 1, 512)) {
      float[] vector = bge.embed("A prompt far longer than the window. ".repeat(200));
      assertEquals(1.0, TestModels.norm(vector), 1e-5);
    }
  }

  @Test
  void maxLengthBeyondThePositionEmbeddingsIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OnnxTextEmbedder.open(BundledEmbeddingModel.BGE_SMALL_EN_V15_Q, 1, 513));
    assertTrue(e.getMessage().contains("at most 512"), e.getMessage());
  }

  @Test
  void moreIntraOpThreadsGiveTheSameVectors() {
    String text = "Does the number of ONNX Runtime threads change the embedding?";
    try (OnnxTextEmbedder one = OnnxTextEmbedder.open(EmbedderSettings.defaults());
        OnnxTextEmbedder two =
            OnnxTextEmbedder.open(new EmbedderSettings(EmbedderSettings.DEFAULT_MODEL, 2, 0))) {
      assertEquals(2, two.intraOpThreads());
      assertTrue(TestModels.maxAbsDiff(one.embed(text), two.embed(text)) < 1e-5);
    }
  }
}
