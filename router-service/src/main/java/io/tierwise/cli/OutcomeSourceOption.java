package io.tierwise.cli;

import io.tierwise.feedback.OutcomeSource;
import io.tierwise.retraining.JsonlOutcomeSource;
import io.tierwise.retraining.RetrainingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens {@code retrain --outcomes PATH} as an {@link OutcomeSource}. The kind is given by {@code
 * --outcomes-format} or, with {@code auto}, detected from the file: a file that starts with the
 * SQLite header is an outcome store database, anything else is read as labelled-outcome JSONL.
 */
final class OutcomeSourceOption {

  /** How {@code --outcomes} is read. */
  enum Format {
    /** Detect from the file's first bytes. */
    auto,
    /** Tierwise's labelled-outcome JSONL, oldest first. */
    jsonl,
    /** The service's SQLite outcome store. */
    sqlite
  }

  private static final byte[] SQLITE_HEADER =
      "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private OutcomeSourceOption() {}

  static OutcomeSource open(Path path, Format format) {
    if (!Files.isRegularFile(path)) {
      throw new RetrainingException("outcomes not found: " + path + " is not a file");
    }
    Format kind = format == Format.auto ? (isSqlite(path) ? Format.sqlite : Format.jsonl) : format;
    return switch (kind) {
      case jsonl -> JsonlOutcomeSource.of(path);
      case sqlite -> sqliteStore(path);
      case auto -> throw new IllegalStateException("auto was resolved above");
    };
  }

  /** The serving feedback store; a damaged file is bad input naming the path, not a crash. */
  private static io.tierwise.feedback.OutcomeSource sqliteStore(Path path) {
    io.tierwise.feedback.SqliteOutcomeSource store =
        io.tierwise.feedback.SqliteOutcomeSource.of(path);
    return () -> {
      try {
        return store.labelledOutcomes();
      } catch (RuntimeException e) {
        throw new RetrainingException(
            "cannot read the SQLite outcome store " + path + ": " + e.getMessage(), e);
      }
    };
  }

  private static boolean isSqlite(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER);
    } catch (IOException e) {
      throw new RetrainingException("cannot read outcomes " + path + ": " + e, e);
    }
  }
}
