package io.tierwise.embedder;

import java.util.Objects;

/**
 * How to open the text embedder.
 *
 * @param model a bundled model id ({@code all-minilm-l6-v2-q}, {@code bge-small-en-v15-q}) or the
 *     path of a directory with {@code model.onnx} and {@code tokenizer.json}
 * @param intraOpThreads threads ONNX Runtime may use inside one inference; 1 suits a server, where
 *     concurrent requests already keep the cores busy and per-operator parallelism on short inputs
 *     costs more in synchronisation than it saves
 * @param maxLength tokens kept per text, {@code [CLS]} and {@code [SEP]} included, or 0 for the
 *     model's default (256 for both bundled models, see {@link BundledEmbeddingModel}); longer
 *     texts are truncated
 */
public record EmbedderSettings(String model, int intraOpThreads, int maxLength) {

  /** The default model: the faster of the two bundled ones. */
  public static final String DEFAULT_MODEL = BundledEmbeddingModel.ALL_MINILM_L6_V2_Q.id();

  public EmbedderSettings {
    Objects.requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException(
          "model must be a bundled model id "
              + BundledEmbeddingModel.ids()
              + " or a model directory, got: '"
              + model
              + "'");
    }
    checkIntraOpThreads(intraOpThreads);
    checkMaxLength(maxLength);
  }

  /** The default model, one intra-op thread, the model's own max length. */
  public static EmbedderSettings defaults() {
    return of(DEFAULT_MODEL);
  }

  /** {@code model} with one intra-op thread and the model's own max length. */
  public static EmbedderSettings of(String model) {
    return new EmbedderSettings(model, 1, 0);
  }

  /** Where {@link #model()} points; no I/O happens until the model is opened. */
  public EmbeddingModelSource source() {
    return EmbeddingModelSource.resolve(model);
  }

  static void checkIntraOpThreads(int intraOpThreads) {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException(
          "intraOpThreads must be at least 1, got: " + intraOpThreads);
    }
  }

  static void checkMaxLength(int maxLength) {
    // Two tokens are [CLS] and [SEP]; anything shorter cannot hold a text at all.
    if (maxLength != 0 && maxLength < 2) {
      throw new IllegalArgumentException(
          "maxLength must be 0 (model default) or at least 2, got: " + maxLength);
    }
  }
}
