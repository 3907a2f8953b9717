package io.tierwise.embedder;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an embedding model's ONNX graph and {@code tokenizer.json} come from: a model bundled on
 * the classpath, or a directory holding an exported model.
 */
public sealed interface EmbeddingModelSource permits BundledEmbeddingModel, ModelDirectory {

  /** Human-readable location for messages, e.g. {@code classpath:all-minilm-l6-v2-q.onnx}. */
  String location();

  /**
   * Resolves a model setting: a bundled model id (see {@link BundledEmbeddingModel#id()}), else a
   * directory path. Does no I/O; a directory that does not exist fails when the model is opened.
   */
  static EmbeddingModelSource resolve(String model) {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException(
          "model must be a bundled model id "
              + BundledEmbeddingModel.ids()
              + " or a model directory, got: '"
              + model
              + "'");
    }
    return BundledEmbeddingModel.byId(model.strip())
        .<EmbeddingModelSource>map(bundled -> bundled)
        .orElseGet(() -> new ModelDirectory(Path.of(model.strip())));
  }
}
