package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledPromptJsonlTest {

  @TempDir Path dir;

  private static List<LabelledPrompt> sample() {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    outcomes.put("z-model", new Outcome(0.125, 0.000_123_4, 17L, 3L));
    outcomes.put("a-model", Outcome.ofQuality(1.0));
    outcomes.put("m-model", new Outcome(0.0, null, 5L, null));
    return List.of(
        new LabelledPrompt(
            "s/1", "Quote \" and\nnewline, unicode \u00e9\uD83D\uDE00", "s", "t/x", outcomes),
        new LabelledPrompt("s/2", "plain", "s", "t/y", Map.of("a-model", Outcome.ofQuality(0.5))));
  }

  @Test
  void roundTripsExactlyAndRewritesIdenticalBytes() throws IOException {
    Path first = dir.resolve("nested/first.jsonl");
    LabelledPromptJsonl.write(first, sample());
    List<LabelledPrompt> read = LabelledPromptJsonl.read(first);
    assertEquals(sample(), read);

    Path second = dir.resolve("second.jsonl");
    LabelledPromptJsonl.write(second, read);
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void writesOneCompactLinePerPromptWithSortedOutcomesAndNoNulls() throws IOException {
    Path file = dir.resolve("out.jsonl");
    LabelledPromptJsonl.write(file, sample());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(2, lines.size());
    String line = lines.get(0);
    assertTrue(line.startsWith("{\"id\":\"s/1\",\"prompt\":"), line);
    assertTrue(line.indexOf("\"a-model\"") < line.indexOf("\"m-model\""), line);
    assertTrue(line.indexOf("\"m-model\"") < line.indexOf("\"z-model\""), line);
    assertFalse(line.contains("null"), line);
    assertTrue(
        line.contains("\"m-model\":{\"quality\":0.0,\"inputTokens\":5}"), "unknowns omitted");
  }

  @Test
  void overwritesAnExistingFile() throws IOException {
    Path file = dir.resolve("out.jsonl");
    Files.writeString(file, "old content that is much longer than the new one\n".repeat(100));
    LabelledPromptJsonl.write(file, sample().subList(1, 2));
    assertEquals(sample().subList(1, 2), LabelledPromptJsonl.read(file));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void skipsBlankLinesButCountsThemInLineNumbers() throws IOException {
    Path file =
        lines(
            good("a"),
            "",
            "   ",
            "{\"id\":\"b\",\"prompt\":\"p\",\"source\":\"s\",\"task\":\"t\",\"outcomes\":{}}");
    assertError(file, ":4: 'b': 'outcomes' must not be empty");
    assertEquals(2, LabelledPromptJsonl.read(lines(good("a"), "", good("b"), "")).size());
  }

  @Test
  void reportsMalformedJsonWithLineAndColumn() throws IOException {
    assertError(lines(good("a"), "{\"id\": \"b\", "), ":2: malformed JSON at column");
    assertError(lines(good("a"), good("b") + " {}"), ":2: malformed JSON");
    assertError(lines("[1, 2]"), ":1: expected a JSON object but found ARRAY");
  }

  @Test
  void reportsDuplicateIdsWithBothLines() throws IOException {
    assertError(lines(good("a"), good("b"), good("a")), ":3: duplicate id 'a' (first on line 1)");
  }

  @Test
  void reportsOutOfRangeAndMistypedValues() throws IOException {
    assertError(
        lines(withOutcome("{\"quality\":1.5}")),
        ":1: 'a': outcome 'm': quality must be in [0, 1], got: 1.5");
    assertError(
        lines(withOutcome("{\"quality\":\"high\"}")), "'quality' must be a number in [0, 1]");
    assertError(
        lines(withOutcome("{\"quality\":1,\"costUsd\":-0.5}")), "costUsd must be >= 0, got: -0.5");
    assertError(
        lines(withOutcome("{\"quality\":1,\"inputTokens\":12.5}")),
        "'inputTokens' must be a whole number, got: 12.5");
    assertError(
        lines(withOutcome("{\"quality\":1,\"costUsd\":\"0.1\"}")), "'costUsd' must be a number");
    assertError(lines(withOutcome("0.5")), "outcome 'm' must be a JSON object");
  }

  @Test
  void rejectsUnknownMissingAndDuplicateFields() throws IOException {
    assertError(
        lines(withOutcome("{\"quailty\":1}")),
        "outcome 'm': unknown field 'quailty' (allowed: costUsd, inputTokens, outputTokens,"
            + " quality)");
    assertError(
        lines(good("a").replace("\"task\"", "\"tasks\"")), ":1: labelled prompt: unknown field");
    assertError(
        lines("{\"id\":\"a\",\"source\":\"s\",\"task\":\"t\",\"outcomes\":{}}"),
        ":1: missing field 'prompt'");
    assertError(lines(good("a").replace("\"p\"", "\"  \"")), "'prompt' must be a non-blank");
    assertError(
        lines(good("a").replace("{\"id\":\"a\"", "{\"id\":\"a\",\"id\":\"b\"")), "Duplicate");
  }

  @Test
  void reportsUnreadableFile() {
    LabelledDataException e =
        assertThrows(
            LabelledDataException.class, () -> LabelledPromptJsonl.read(dir.resolve("missing")));
    assertTrue(e.getMessage().startsWith("cannot read " + dir.resolve("missing")), e.getMessage());
  }

  @Test
  void refusesToWriteDuplicateIds() {
    LabelledPrompt p = sample().get(1);
    LabelledDataException e =
        assertThrows(
            LabelledDataException.class,
            () -> LabelledPromptJsonl.write(dir.resolve("x.jsonl"), List.of(p, p)));
    assertTrue(e.getMessage().contains("duplicate id 's/2' at positions 0 and 1"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.jsonl")));
  }

  private static String good(String id) {
    return "{\"id\":\""
        + id
        + "\",\"prompt\":\"p\",\"source\":\"s\",\"task\":\"t\",\"outcomes\":{\"m\":{\"quality\":1}}}";
  }

  private static String withOutcome(String outcome) {
    return "{\"id\":\"a\",\"prompt\":\"p\",\"source\":\"s\",\"task\":\"t\",\"outcomes\":{\"m\":"
        + outcome
        + "}}";
  }

  private Path lines(String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "case", ".jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static void assertError(Path file, String expected) {
    LabelledDataException e =
        assertThrows(LabelledDataException.class, () -> LabelledPromptJsonl.read(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
