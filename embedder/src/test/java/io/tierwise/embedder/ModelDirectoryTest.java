package io.tierwise.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models exported to a directory, built here from the bundled files. */
class ModelDirectoryTest {

  private static final String TEXT = "Explain the difference between TCP and UDP.";

  @TempDir Path temp;

  @Test
  void directoryWithTheBundledFilesEmbedsLikeTheBundledModel() throws IOException {
    Path directory =
        TestModels.exportAsDirectory(
            BundledEmbeddingModel.ALL_MINILM_L6_V2_Q, temp.resolve("minilm-export"));
    try (OnnxTextEmbedder fromDirectory =
            OnnxTextEmbedder.open(EmbedderSettings.of(directory.toString()));
        OnnxTextEmbedder bundled = OnnxTextEmbedder.open(EmbedderSettings.defaults())) {
      assertTrue(
          fromDirectory.modelId().matches("dir:minilm-export@[0-9a-f]{12}"),
          fromDirectory.modelId());
      // Without any config a directory model is mean-pooled and cut at 256 tokens, as MiniLM is.
      assertEquals(Pooling.MEAN, fromDirectory.pooling());
      assertEquals(ModelDirectory.DEFAULT_MAX_LENGTH, fromDirectory.maxLength());
      assertArrayEquals(bundled.embed(TEXT), fromDirectory.embed(TEXT));
    }
  }

  @Test
  void tierwiseConfigSetsPoolingAndMaxLength() throws IOException {
    Path directory =
        TestModels.exportAsDirectory(
            BundledEmbeddingModel.BGE_SMALL_EN_V15_Q, temp.resolve("bge-export"));
    Files.writeString(
        directory.resolve(ModelDirectory.CONFIG_FILE),
        "{\"pooling\": \"cls\", \"maxLength\": 512}");
    try (OnnxTextEmbedder fromDirectory =
            OnnxTextEmbedder.open(new ModelDirectory(directory), 1, 0);
        OnnxTextEmbedder bundled =
            OnnxTextEmbedder.open(BundledEmbeddingModel.BGE_SMALL_EN_V15_Q, 1, 0)) {
      assertEquals(Pooling.CLS, fromDirectory.pooling());
      assertEquals(512, fromDirectory.maxLength());
      assertArrayEquals(bundled.embed(TEXT), fromDirectory.embed(TEXT));
    }
  }

  @Test
  void sentenceTransformersFilesAreUnderstood() throws IOException {
    Path directory =
        TestModels.exportAsDirectory(
            BundledEmbeddingModel.ALL_MINILM_L6_V2_Q, temp.resolve("st-export"));
    Files.createDirectories(directory.resolve("1_Pooling"));
    Files.writeString(
        directory.resolve(ModelDirectoryConfig.SENTENCE_TRANSFORMERS_POOLING),
        "{\"word_embedding_dimension\": 384, \"pooling_mode_cls_token\": true,"
            + " \"pooling_mode_mean_tokens\": false}");
    Files.writeString(
        directory.resolve(ModelDirectoryConfig.SENTENCE_TRANSFORMERS_CONFIG),
        "{\"max_seq_length\": 128, \"do_lower_case\": false}");
    try (OnnxTextEmbedder embedder = OnnxTextEmbedder.open(new ModelDirectory(directory), 1, 0)) {
      assertEquals(Pooling.CLS, embedder.pooling());
      assertEquals(128, embedder.maxLength());
    }
  }

  @Test
  void modelIdDigestFollowsContentAndPoolingNotLocation() throws IOException {
    Path first =
        TestModels.exportAsDirectory(BundledEmbeddingModel.ALL_MINILM_L6_V2_Q, temp.resolve("a/m"));
    Path second =
        TestModels.exportAsDirectory(BundledEmbeddingModel.ALL_MINILM_L6_V2_Q, temp.resolve("b/m"));
    String firstId = modelId(first);
    assertEquals(firstId, modelId(second));

    Files.writeString(second.resolve(ModelDirectory.CONFIG_FILE), "{\"pooling\": \"cls\"}");
    assertNotEquals(firstId, modelId(second));
  }

  private static String modelId(Path directory) {
    try (OnnxTextEmbedder embedder = OnnxTextEmbedder.open(new ModelDirectory(directory), 1, 0)) {
      return embedder.modelId();
    }
  }
}
