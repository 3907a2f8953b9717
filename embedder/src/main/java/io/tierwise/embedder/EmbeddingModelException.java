package io.tierwise.embedder;

/**
 * An embedding model could not be loaded or run: a missing, unreadable or corrupt model file, an
 * ONNX graph without the inputs a BERT-style encoder needs, or an inference failure. The message
 * names the file or resource and the problem.
 */
public final class EmbeddingModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmbeddingModelException(String message) {
    super(message);
  }

  public EmbeddingModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
