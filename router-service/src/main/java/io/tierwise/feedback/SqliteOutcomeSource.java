package io.tierwise.feedback;

import io.tierwise.data.LabelledPrompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.sqlite.SQLiteConfig;

/**
 * The outcomes in a feedback store file, read from another process (e.g. {@code tierwise retrain}
 * while {@code tierwise serve} keeps writing): each {@link #labelledOutcomes()} opens the file read
 * only, reads one WAL snapshot in one transaction and closes it, so nothing is held between calls
 * and the serving process is never blocked.
 *
 * <pre>{@code
 * List<LabelledPrompt> outcomes = SqliteOutcomeSource.of(Path.of("var/requests.sqlite")).labelledOutcomes();
 * }</pre>
 */
public final class SqliteOutcomeSource implements OutcomeSource {

  private final Path file;

  private SqliteOutcomeSource(Path file) {
    this.file = file;
  }

  /** The outcomes in {@code file}, which must already exist (the service creates it). */
  public static SqliteOutcomeSource of(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("feedback store " + file + " is not a file");
    }
    return new SqliteOutcomeSource(file.toAbsolutePath());
  }

  /**
   * @throws FeedbackStoreException when the file cannot be read or holds no feedback store
   */
  @Override
  public List<LabelledPrompt> labelledOutcomes() {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
      c.setAutoCommit(false);
      List<LabelledPrompt> outcomes = FeedbackStore.snapshot(c);
      c.commit();
      return outcomes;
    } catch (SQLException e) {
      throw new FeedbackStoreException(
          "cannot read outcomes from "
              + file
              + " (is it a Tierwise feedback store?): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "SqliteOutcomeSource[" + file + "]";
  }
}
