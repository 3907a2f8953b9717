package io.tierwise.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which sentence-embedding model scores prompts and how it runs (YAML section {@code embedder}).
 * The embedder module turns these into its own settings.
 *
 * @param model id of a model bundled with Tierwise, e.g. {@code all-minilm-l6-v2-q}; used when
 *     {@code modelDir} is empty
 * @param modelDir a directory holding an ONNX model and its {@code tokenizer.json}, overriding
 *     {@code model}
 * @param intraOpThreads ONNX Runtime intra-op threads; {@code 0} lets ONNX Runtime choose
 * @param maxLength tokens per text; longer texts are truncated by the embedder
 */
public record EmbeddingSettings(
    String model, Optional<Path> modelDir, int intraOpThreads, int maxLength) {

  public static final String DEFAULT_MODEL = "all-minilm-l6-v2-q";
  public static final int DEFAULT_INTRA_OP_THREADS = 1;
  public static final int DEFAULT_MAX_LENGTH = 256;

  public EmbeddingSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelDir, "modelDir");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got: " + intraOpThreads);
    }
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be >= 1, got: " + maxLength);
    }
  }

  public static EmbeddingSettings defaults() {
    return new EmbeddingSettings(
        DEFAULT_MODEL, Optional.empty(), DEFAULT_INTRA_OP_THREADS, DEFAULT_MAX_LENGTH);
  }

  static EmbeddingSettings read(SettingsReader section) {
    String model = section.text("model", DEFAULT_MODEL);
    Optional<Path> modelDir = section.path("model-dir");
    int threads = section.integer("intra-op-threads", DEFAULT_INTRA_OP_THREADS, 0, 1024);
    int maxLength = section.integer("max-length", DEFAULT_MAX_LENGTH, 1, 65_536);
    return section.build(() -> new EmbeddingSettings(model, modelDir, threads, maxLength));
  }
}
