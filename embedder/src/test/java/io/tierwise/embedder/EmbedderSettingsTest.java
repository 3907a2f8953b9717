package io.tierwise.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbedderSettingsTest {

  @Test
  void defaultsUseMiniLmOnOneThreadAtItsOwnLength() {
    EmbedderSettings settings = EmbedderSettings.defaults();
    assertEquals("all-minilm-l6-v2-q", settings.model());
    assertEquals(1, settings.intraOpThreads());
    assertEquals(0, settings.maxLength());
  }

  @Test
  void bundledIdsResolveToBundledModels() {
    assertEquals(
        BundledEmbeddingModel.ALL_MINILM_L6_V2_Q,
        EmbedderSettings.of("all-minilm-l6-v2-q").source());
    assertEquals(
        BundledEmbeddingModel.BGE_SMALL_EN_V15_Q,
        EmbedderSettings.of("bge-small-en-v15-q").source());
  }

  @Test
  void anythingElseIsADirectory() {
    assertEquals(
        new ModelDirectory(Path.of("models/my-encoder")),
        EmbedderSettings.of("models/my-encoder").source());
  }

  @Test
  void rejectsBadValuesNamingThem() {
    assertMessage(() -> new EmbedderSettings(" ", 1, 0), "model must be a bundled model id", "' '");
    assertMessage(
        () -> new EmbedderSettings("all-minilm-l6-v2-q", 0, 0),
        "intraOpThreads must be at least 1",
        "got: 0");
    assertMessage(
        () -> new EmbedderSettings("all-minilm-l6-v2-q", 1, 1), "maxLength must be 0", "got: 1");
    assertMessage(
        () -> new EmbedderSettings("all-minilm-l6-v2-q", 1, -5), "maxLength must be 0", "got: -5");
    assertThrows(NullPointerException.class, () -> new EmbedderSettings(null, 1, 0));
  }

  @Test
  void bundledModelsAreDescribed() {
    assertEquals(
        java.util.List.of("all-minilm-l6-v2-q", "bge-small-en-v15-q"), BundledEmbeddingModel.ids());
    assertEquals(Pooling.MEAN, BundledEmbeddingModel.ALL_MINILM_L6_V2_Q.pooling());
    assertEquals(256, BundledEmbeddingModel.ALL_MINILM_L6_V2_Q.defaultMaxLength());
    assertEquals(Pooling.CLS, BundledEmbeddingModel.BGE_SMALL_EN_V15_Q.pooling());
    assertEquals(256, BundledEmbeddingModel.BGE_SMALL_EN_V15_Q.defaultMaxLength());
    assertEquals(512, BundledEmbeddingModel.BGE_SMALL_EN_V15_Q.maxPositions());
    assertTrue(BundledEmbeddingModel.byId("nope").isEmpty());
  }

  private static void assertMessage(Runnable action, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }
}
