package io.tierwise.embedder;

import java.util.List;

/**
 * Turns text into a fixed-size, L2-normalised vector. Implementations are safe for concurrent use
 * and hold native memory until closed.
 */
public interface TextEmbedder extends AutoCloseable {

  /**
   * Identifies the model, e.g. {@code all-minilm-l6-v2-q}; stored in router manifests to catch
   * mismatches.
   */
  String modelId();

  /**
   * Identifies what computes the vectors besides the model, e.g. {@code onnxruntime-1.26.0}, or
   * empty. The same int8 model gives vectors up to 0.026 apart per component under different ONNX
   * Runtime releases, so stored vectors are only reusable under the same runtime.
   */
  default String runtimeId() {
    return "";
  }

  /** Length of every vector this embedder returns. */
  int dimension();

  /** Embeds one text; equal to the corresponding element of {@link #embedAll(List)}. */
  float[] embed(String text);

  /** Embeds texts in one batch; results are in input order. */
  List<float[]> embedAll(List<String> texts);

  /**
   * Releases native resources; safe to call twice; any use afterwards throws {@link
   * IllegalStateException}.
   */
  @Override
  void close();
}
