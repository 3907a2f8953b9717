package io.tierwise.retraining;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tierwise.local.AnswerConfidence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One answer of the local tier with the log-probability confidence it was generated with, keyed by
 * the decision id its outcome is stored under. The outcome snapshot says whether the answer was
 * good; this record says how sure the model was, which {@code LabelledPrompt} has no field for.
 *
 * <p>File format (JSON Lines, one attempt per line):
 *
 * <pre>{@code
 * {"decisionId":"d-17","confidence":{"tokenCount":12,"firstN":8,"meanLogprob":-0.21,
 *  "minLogprob":-1.9,"meanLogprobFirstN":-0.12,"perplexity":1.23}}
 * }</pre>
 */
public record LocalAttempt(String decisionId, AnswerConfidence confidence) {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public LocalAttempt {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(confidence, "confidence");
  }

  /**
   * Reads a local-attempt file.
   *
   * @throws RetrainingException naming the file and line if it cannot be read or a line is not an
   *     attempt
   */
  public static List<LocalAttempt> read(Path file) {
    Objects.requireNonNull(file, "file");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RetrainingException("cannot read local attempts " + file + ": " + e, e);
    }
    List<LocalAttempt> attempts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        attempts.add(JSON.readValue(line, LocalAttempt.class));
      } catch (IOException | RuntimeException e) {
        throw new RetrainingException(
            file + " line " + (i + 1) + ": not a local attempt: " + e.getMessage(), e);
      }
    }
    return attempts;
  }

  /** Writes attempts in the format {@link #read} reads. */
  public static void write(Path file, List<LocalAttempt> attempts) {
    StringBuilder text = new StringBuilder();
    try {
      for (LocalAttempt attempt : attempts) {
        text.append(JSON.writeValueAsString(attempt)).append('\n');
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RetrainingException("cannot write local attempts " + file + ": " + e, e);
    }
  }
}
