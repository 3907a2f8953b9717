package io.tierwise.retraining;

import io.tierwise.data.LabelledDataException;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.LabelledPromptJsonl;
import io.tierwise.feedback.OutcomeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Outcomes kept in a file of Tierwise's labelled-outcome JSONL format (one {@link LabelledPrompt}
 * per line, oldest first), e.g. exported from the outcome store or written by the replay benchmark.
 *
 * <p>A snapshot is the file's complete lines at the moment it is read: the bytes are read once, and
 * a last line without its newline is taken to be an append still in progress and left out, so a
 * writer appending while retraining reads never yields a torn record.
 */
public final class JsonlOutcomeSource implements OutcomeSource {

  private final Path file;

  private JsonlOutcomeSource(Path file) {
    this.file = file;
  }

  /** The outcomes in {@code file}; nothing is read until {@link #labelledOutcomes()}. */
  public static JsonlOutcomeSource of(Path file) {
    return new JsonlOutcomeSource(Objects.requireNonNull(file, "file"));
  }

  public Path file() {
    return file;
  }

  /**
   * @throws RetrainingException if the file is missing, unreadable or holds an invalid line (the
   *     message names the line)
   */
  @Override
  public List<LabelledPrompt> labelledOutcomes() {
    if (!Files.isRegularFile(file)) {
      throw new RetrainingException("outcomes file not found: " + file + " is not a file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new RetrainingException("cannot read outcomes " + file + ": " + e, e);
    }
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    try {
      if (end == bytes.length) {
        return LabelledPromptJsonl.read(file);
      }
      // Parse the complete lines from a private copy, so the snapshot is exactly those bytes.
      Path copy = Files.createTempFile("tierwise-outcomes-", ".jsonl");
      try {
        Files.write(copy, Arrays.copyOf(bytes, end));
        return LabelledPromptJsonl.read(copy);
      } finally {
        Files.deleteIfExists(copy);
      }
    } catch (LabelledDataException e) {
      throw new RetrainingException("cannot read outcomes " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RetrainingException("cannot read outcomes " + file + ": " + e, e);
    }
  }
}
