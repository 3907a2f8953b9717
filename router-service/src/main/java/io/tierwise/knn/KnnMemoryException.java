package io.tierwise.knn;

/**
 * A kNN memory directory cannot be opened, read or written: it is missing, corrupt, locked by
 * another writer, or not a Tierwise kNN memory. The message always names the directory.
 */
public class KnnMemoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KnnMemoryException(String message) {
    super(message);
  }

  public KnnMemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
