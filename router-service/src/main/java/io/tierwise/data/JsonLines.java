package io.tierwise.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads JSON Lines files object by object, with the file and line in every error, and offers the
 * typed field accessors the importers share.
 */
final class JsonLines {

  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Receives one JSON object and the 1-based line it was on. */
  @FunctionalInterface
  interface ObjectHandler {
    void accept(long line, JsonNode object);
  }

  private JsonLines() {}

  /**
   * Calls {@code handler} for every non-blank line of {@code path}, which must each be one JSON
   * object.
   */
  static void forEachObject(Path path, ObjectHandler handler) {
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String text;
      long line = 0;
      while ((text = reader.readLine()) != null) {
        line++;
        if (!text.isBlank()) {
          handler.accept(line, parseObject(text, path, line));
        }
      }
    } catch (IOException e) {
      throw new LabelledDataException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The first non-blank line of {@code path} as a JSON object, or empty if it is not one. */
  static Optional<JsonNode> firstObject(Path path) {
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String text;
      while ((text = reader.readLine()) != null) {
        if (!text.isBlank()) {
          JsonNode node = MAPPER.readTree(text);
          return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static boolean hasFields(JsonNode object, String... fields) {
    for (String field : fields) {
      if (!object.has(field)) {
        return false;
      }
    }
    return true;
  }

  /** The non-blank string value of {@code field}. */
  static String text(JsonNode object, String field, Path path, long line) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw LabelledDataException.at(path, line, "missing field '" + field + "'");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw LabelledDataException.at(
          path, line, "field '" + field + "' must be a non-blank string, got: " + value);
    }
    return value.asText();
  }

  /** The whole-number value of {@code field}; {@code 2.0} counts as 2. */
  static long wholeNumber(JsonNode object, String field, Path path, long line) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw LabelledDataException.at(path, line, "missing field '" + field + "'");
    }
    if (!value.isNumber()
        || value.doubleValue() != Math.rint(value.doubleValue())
        || !value.canConvertToLong()) {
      throw LabelledDataException.at(
          path, line, "field '" + field + "' must be a whole number, got: " + value);
    }
    return value.longValue();
  }

  /**
   * A judge's 1-10 grade from {@code field} as a quality in [0, 1] ({@code (score - 1) / 9}), or
   * empty when the judge gave none: FastChat-style judgments store {@code null} or {@code -1} when
   * no {@code [[rating]]} could be parsed from the judge's reply.
   */
  static Optional<Double> judgeQuality(JsonNode object, String field, Path path, long line) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw LabelledDataException.at(
          path, line, "field '" + field + "' must be a number from 1 to 10, got: " + value);
    }
    double score = value.doubleValue();
    if (score == -1) {
      return Optional.empty();
    }
    if (!(score >= 1 && score <= 10)) {
      throw LabelledDataException.at(
          path, line, "field '" + field + "' must be from 1 to 10, got: " + value);
    }
    return Optional.of((score - 1) / 9);
  }

  private static JsonNode parseObject(String text, Path path, long line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      throw LabelledDataException.at(
          path,
          line,
          "malformed JSON"
              + (column > 0 ? " at column " + column : "")
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (node == null || !node.isObject()) {
      throw LabelledDataException.at(
          path,
          line,
          "expected a JSON object but found " + (node == null ? "nothing" : node.getNodeType()));
    }
    return node;
  }
}
