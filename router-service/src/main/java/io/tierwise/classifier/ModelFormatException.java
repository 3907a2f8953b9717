package io.tierwise.classifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** A model file that cannot be read: wrong magic, unsupported version, corrupt or truncated. */
public final class ModelFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;

  public ModelFormatException(Path path, String problem) {
    this(path, problem, null);
  }

  public ModelFormatException(Path path, String problem, Throwable cause) {
    super("cannot load model file " + Objects.requireNonNull(path, "path") + ": " + problem, cause);
    this.path = path;
  }

  /** The offending file. */
  public Path path() {
    return path;
  }
}
