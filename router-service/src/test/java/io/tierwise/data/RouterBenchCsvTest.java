package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RouterBench import rules on small hand-written files; the real files are in {@link
 * PublicDatasetsTest}.
 */
class RouterBenchCsvTest {

  private static final String HEADER =
      ",sample_id,prompt,eval_name,org/Model-A,model-b,org/Model-A|model_response,"
          + "model-b|model_response,org/Model-A|total_cost,model-b|total_cost,"
          + "oracle_model_to_route_to\n";

  @TempDir Path dir;

  @Test
  void decodesQuotedMultiLineCellsAndMapsColumns() throws IOException {
    Path file =
        csv(
            HEADER
                + "7,x.1,\"['Line one, with comma\\nand \"\"quotes\"\"',\n"
                + " 'second\\nelement']\",task-x,1.0,0.0,\"['ok']\",\"['a much longer answer']\","
                + "0.5,0.25,model-a\n");
    List<LabelledPrompt> prompts = new RouterBenchCsv().read(file);
    assertEquals(1, prompts.size());
    LabelledPrompt p = prompts.get(0);
    assertEquals("routerbench/x.1", p.id());
    assertEquals("routerbench", p.source());
    assertEquals("task-x", p.task());
    assertEquals("Line one, with comma\nand \"quotes\"\n\nsecond\nelement", p.prompt());
    assertEquals(Set.of("model-a", "model-b"), p.outcomes().keySet());
    Outcome a = p.outcome("model-a");
    assertEquals(1.0, a.quality());
    assertEquals(0.5, a.costUsd());
    assertEquals(TokenEstimate.ofText(p.prompt()), a.inputTokens());
    assertEquals(1, a.outputTokens());
    assertEquals(TokenEstimate.ofText("a much longer answer"), p.outcome("model-b").outputTokens());
  }

  @Test
  void emptyCellsMeanUnlabelledAndUnlabelledRowsAreSkipped() throws IOException {
    Path file =
        csv(
            HEADER
                + "1,x.1,\"['p1']\",t,,1.0,,\"['r']\",,0.1,model-b\n"
                + "2,x.2,\"['p2']\",t,,,,,,,no_model_correct\n"
                + "3,x.3,\"['p3']\",t,0.0,1.0,\"['r']\",\"['r']\",,0.1,model-b\n");
    List<LabelledPrompt> prompts = new RouterBenchCsv().read(file);
    assertEquals(List.of("routerbench/x.1", "routerbench/x.3"), ids(prompts));
    assertEquals(Set.of("model-b"), prompts.get(0).outcomes().keySet());
    assertNull(prompts.get(1).outcome("model-a").costUsd(), "empty cost cell is unknown");
  }

  @Test
  void dropsExactRepeatsAndDisambiguatesDifferingOnes() throws IOException {
    Path file =
        csv(
            HEADER
                + "10,x.1,\"['p']\",t,1.0,0.0,\"['r']\",\"['r']\",0.1,0.1,m\n"
                + "11,x.1,\"['p']\",t,1.0,0.0,\"['r']\",\"['r']\",0.1,0.1,m\n"
                + "12,x.2,\"['q']\",t,1.0,,\"['r']\",,0.1,,m\n"
                + "13,x.2,\"['q', 'extra']\",t,,1.0,,\"['r']\",,0.1,m\n"
                + "14,x.3,\"['s']\",t,1.0,1.0,\"['r']\",\"['r']\",0.1,0.1,m\n");
    List<LabelledPrompt> prompts = new RouterBenchCsv().read(file);
    assertEquals(
        List.of("routerbench/x.1", "routerbench/x.2#12", "routerbench/x.2#13", "routerbench/x.3"),
        ids(prompts));
  }

  @Test
  void reportsBadCellsWithLineAndColumn() throws IOException {
    Path badNumber = csv(HEADER + "1,x.1,\"['p']\",t,yes,,,,,,m\n");
    assertError(badNumber, ":2: column 'org/Model-A' must be a number, got: 'yes'");
    Path badLiteral = csv(HEADER + "1,x.1,\"['p'\",t,1.0,,,,,,m\n");
    assertError(badLiteral, ":2: column 'prompt': not a Python list of strings at offset 4");
    Path outOfRange = csv(HEADER + "1,x.1,\"['p']\",t,2.0,,,,,,m\n");
    assertError(outOfRange, ":2: model 'model-a': quality must be in [0, 1], got: 2.0");
    Path afterMultiLineCell =
        csv(HEADER + "1,x.1,\"['p',\n 'q']\",t,1.0,,,,,,m\n2,x.2,\"['p']\",t,yes,,,,,,m\n");
    assertError(afterMultiLineCell, ":4: column 'org/Model-A' must be a number, got: 'yes'");
    Path shortRow = csv(HEADER + "1,x.1,\"['p']\",t,1.0\n");
    assertError(shortRow, "record has 5 fields but the header has 11");
  }

  @Test
  void rejectsTwoColumnsForOneCanonicalModel() throws IOException {
    Path file =
        csv(
            ",sample_id,prompt,eval_name,claude-v1,claude-1,claude-v1|total_cost\n"
                + "1,x,\"['p']\",t,1.0,1.0,0.1\n");
    assertError(file, "columns 'claude-v1' and 'claude-1' both name model 'claude-1'");
  }

  private Path csv(String content) throws IOException {
    Path file = Files.createTempFile(dir, "routerbench", ".csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> ids(List<LabelledPrompt> prompts) {
    return prompts.stream().map(LabelledPrompt::id).toList();
  }

  private static void assertError(Path file, String expected) {
    assertTrue(new RouterBenchCsv().accepts(file), "detected as RouterBench: " + file);
    LabelledDataException e =
        assertThrows(LabelledDataException.class, () -> new RouterBenchCsv().read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
