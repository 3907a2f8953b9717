package io.tierwise.data;

import java.nio.file.Path;

/**
 * Labelled data could not be read, written or interpreted: a missing file, an unknown format, a
 * malformed line or a value out of range. The message names the path and, where there is one, the
 * line.
 */
public class LabelledDataException extends RuntimeException {

  public LabelledDataException(String message) {
    super(message);
  }

  public LabelledDataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A problem at one line of a file, reported as {@code path:line: problem}. */
  static LabelledDataException at(Path path, long line, String problem) {
    return new LabelledDataException(path + ":" + line + ": " + problem);
  }

  /** A problem at one line of a file, reported as {@code path:line: problem}, with its cause. */
  static LabelledDataException at(Path path, long line, String problem, Throwable cause) {
    return new LabelledDataException(path + ":" + line + ": " + problem, cause);
  }
}
