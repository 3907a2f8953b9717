package io.tierwise.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes Tierwise's labelled-outcome format: JSON Lines, one {@link LabelledPrompt} per
 * line, e.g.
 *
 * <pre>{@code
 * {"id":"mmlu/anatomy/0","prompt":"...","source":"mmlu","task":"mmlu/anatomy",
 *  "outcomes":{"gpt-4-1106-preview":{"quality":1.0,"inputTokens":89,"outputTokens":1}}}
 * }</pre>
 *
 * <p>Reading is strict, because a silently skipped or misread label skews a router: every line must
 * be one JSON object with exactly the fields {@code id, prompt, source, task, outcomes}, each
 * outcome has a {@code quality} in [0, 1] and optional {@code costUsd}, {@code inputTokens}, {@code
 * outputTokens}; unknown fields, duplicate keys and duplicate ids are errors that name the line.
 * Lines holding only whitespace are skipped. Writing emits outcomes sorted by model name and omits
 * unknown costs and token counts, so equal data always gives byte-identical files.
 */
public final class LabelledPromptJsonl {

  private static final JsonMapper MAPPER = JsonLines.MAPPER;
  private static final Set<String> PROMPT_FIELDS =
      Set.of("id", "prompt", "source", "task", "outcomes");
  private static final Set<String> OUTCOME_FIELDS =
      Set.of("quality", "costUsd", "inputTokens", "outputTokens");

  private LabelledPromptJsonl() {}

  /**
   * Reads every labelled prompt of a JSONL file, in file order.
   *
   * @throws LabelledDataException naming the file and line of the first invalid line, or if the
   *     file cannot be read
   */
  public static List<LabelledPrompt> read(Path path) {
    Objects.requireNonNull(path, "path");
    List<LabelledPrompt> prompts = new ArrayList<>();
    Map<String, Long> lineOfId = new HashMap<>();
    JsonLines.forEachObject(
        path,
        (line, object) -> {
          LabelledPrompt prompt = parse(object, path, line);
          Long firstLine = lineOfId.putIfAbsent(prompt.id(), line);
          if (firstLine != null) {
            throw LabelledDataException.at(
                path, line, "duplicate id '" + prompt.id() + "' (first on line " + firstLine + ")");
          }
          prompts.add(prompt);
        });
    return prompts;
  }

  /**
   * Writes {@code prompts} to {@code path}, replacing it atomically where the file system allows;
   * missing parent directories are created.
   *
   * @throws LabelledDataException if two prompts share an id or the file cannot be written
   */
  public static void write(Path path, List<LabelledPrompt> prompts) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(prompts, "prompts");
    Map<String, Integer> indexOfId = new HashMap<>();
    for (int i = 0; i < prompts.size(); i++) {
      Integer first = indexOfId.putIfAbsent(prompts.get(i).id(), i);
      if (first != null) {
        throw new LabelledDataException(
            "cannot write "
                + path
                + ": duplicate id '"
                + prompts.get(i).id()
                + "' at positions "
                + first
                + " and "
                + i);
      }
    }
    Path target = path.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Path temporary =
          Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      try {
        try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
          for (LabelledPrompt prompt : prompts) {
            writer.write(toLine(prompt));
            writer.write('\n');
          }
        }
        moveReplacing(temporary, target);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new LabelledDataException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** The canonical one-line JSON of {@code prompt}, without a line break. */
  static String toLine(LabelledPrompt prompt) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", prompt.id());
    node.put("prompt", prompt.prompt());
    node.put("source", prompt.source());
    node.put("task", prompt.task());
    ObjectNode outcomes = node.putObject("outcomes");
    for (Map.Entry<String, Outcome> entry : new TreeMap<>(prompt.outcomes()).entrySet()) {
      Outcome outcome = entry.getValue();
      ObjectNode json = outcomes.putObject(entry.getKey());
      json.put("quality", outcome.quality());
      if (outcome.costUsd() != null) {
        json.put("costUsd", outcome.costUsd());
      }
      if (outcome.inputTokens() != null) {
        json.put("inputTokens", outcome.inputTokens());
      }
      if (outcome.outputTokens() != null) {
        json.put("outputTokens", outcome.outputTokens());
      }
    }
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise labelled prompt " + prompt.id(), e);
    }
  }

  private static void moveReplacing(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static LabelledPrompt parse(JsonNode node, Path path, long line) {
    checkFields(node, PROMPT_FIELDS, "labelled prompt", path, line);
    String id = JsonLines.text(node, "id", path, line);
    String prompt = JsonLines.text(node, "prompt", path, line);
    String source = JsonLines.text(node, "source", path, line);
    String task = JsonLines.text(node, "task", path, line);
    JsonNode outcomesNode = node.get("outcomes");
    if (outcomesNode == null || !outcomesNode.isObject()) {
      throw LabelledDataException.at(
          path, line, "'" + id + "': field 'outcomes' must be a JSON object of model -> outcome");
    }
    if (outcomesNode.isEmpty()) {
      throw LabelledDataException.at(path, line, "'" + id + "': 'outcomes' must not be empty");
    }
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : outcomesNode.properties()) {
      String where = "'" + id + "': outcome '" + field.getKey() + "'";
      if (field.getKey().isBlank()) {
        throw LabelledDataException.at(path, line, "'" + id + "': blank model name in outcomes");
      }
      outcomes.put(field.getKey(), parseOutcome(field.getValue(), where, path, line));
    }
    return new LabelledPrompt(id, prompt, source, task, outcomes);
  }

  private static Outcome parseOutcome(JsonNode node, String where, Path path, long line) {
    if (!node.isObject()) {
      throw LabelledDataException.at(path, line, where + " must be a JSON object");
    }
    checkFields(node, OUTCOME_FIELDS, where, path, line);
    JsonNode quality = node.get("quality");
    if (quality == null || !quality.isNumber()) {
      throw LabelledDataException.at(path, line, where + ": 'quality' must be a number in [0, 1]");
    }
    Double costUsd = optionalNumber(node, "costUsd", where, path, line);
    Long inputTokens = optionalCount(node, "inputTokens", where, path, line);
    Long outputTokens = optionalCount(node, "outputTokens", where, path, line);
    try {
      return new Outcome(quality.doubleValue(), costUsd, inputTokens, outputTokens);
    } catch (IllegalArgumentException e) {
      throw LabelledDataException.at(path, line, where + ": " + e.getMessage(), e);
    }
  }

  private static void checkFields(
      JsonNode node, Set<String> allowed, String what, Path path, long line) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw LabelledDataException.at(
            path,
            line,
            what
                + ": unknown field '"
                + name
                + "' (allowed: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
  }

  private static Double optionalNumber(
      JsonNode node, String field, String where, Path path, long line) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw LabelledDataException.at(
          path, line, where + ": '" + field + "' must be a number, got: " + value);
    }
    return value.doubleValue();
  }

  private static Long optionalCount(
      JsonNode node, String field, String where, Path path, long line) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw LabelledDataException.at(
          path, line, where + ": '" + field + "' must be a whole number, got: " + value);
    }
    return value.longValue();
  }
}
