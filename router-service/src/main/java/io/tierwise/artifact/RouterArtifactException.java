package io.tierwise.artifact;

/**
 * A router artifact directory that cannot be read or written; the message names the path and the
 * problem.
 */
public final class RouterArtifactException extends RuntimeException {
  public RouterArtifactException(String message) {
    super(message);
  }

  public RouterArtifactException(String message, Throwable cause) {
    super(message, cause);
  }
}
