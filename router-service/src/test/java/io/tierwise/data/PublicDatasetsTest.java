package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports the real public datasets of the shared folder and checks them against the figures their
 * SOURCE.txt files state.
 */
class PublicDatasetsTest {

  private static final String ROUTERBENCH = "routerbench-train/routerbench_zs/";

  /** Everything in the shared data folder, loaded once: importing it takes a few seconds. */
  private static LabelledDataset all;

  private static synchronized LabelledDataset all() {
    if (all == null) {
      all = LabelledDatasets.load(SharedData.path(""));
    }
    return all;
  }

  private static LabelledDataset source(String source) {
    return all().filter(p -> p.source().equals(source));
  }

  @Test
  void routerBenchKeepsEveryRowAndDisambiguatesRepeatedSampleIds() {
    Map<String, Integer> rowsPerFile =
        Map.of("arc_challenge_train.csv", 1039, "mbpp_train.csv", 299, "winograde_train.csv", 887);
    Map<String, String> taskOfFile =
        Map.of(
            "arc_challenge_train.csv", "arc-challenge",
            "mbpp_train.csv", "mbpp",
            "winograde_train.csv", "winogrande");
    for (Map.Entry<String, Integer> file : rowsPerFile.entrySet()) {
      Path path = SharedData.path(ROUTERBENCH + file.getKey());
      CsvTable table = CsvTable.read(path);
      assertEquals(file.getValue(), table.rows().size(), "CSV rows of " + file.getKey());

      Map<String, Integer> rowsPerSampleId = new HashMap<>();
      int sampleId = table.column("sample_id");
      table.rows().forEach(r -> rowsPerSampleId.merge(r.cell(sampleId), 1, Integer::sum));
      long rowsOfRepeatedIds =
          rowsPerSampleId.values().stream().filter(n -> n > 1).mapToInt(n -> n).sum();

      List<LabelledPrompt> prompts = new RouterBenchCsv().read(path);
      assertEquals(file.getValue(), prompts.size(), "every row has a label and none repeats");
      assertEquals(rowsOfRepeatedIds, prompts.stream().filter(p -> p.id().contains("#")).count());
      assertEquals(prompts.size(), prompts.stream().map(LabelledPrompt::id).distinct().count());
      for (LabelledPrompt p : prompts) {
        assertEquals("routerbench", p.source());
        assertEquals(taskOfFile.get(file.getKey()), p.task());
        assertTrue(p.id().startsWith("routerbench/" + p.task() + "."), p.id());
        for (Outcome o : p.outcomes().values()) {
          assertTrue(o.quality() == 0.0 || o.quality() == 1.0, p.id());
          assertNotNull(o.costUsd(), p.id());
          assertTrue(o.hasTokens(), p.id());
        }
      }
    }
  }

  @Test
  void routerBenchHasElevenDistinctModelsWithReferenceAccuracyAndCost() {
    LabelledDataset data = source("routerbench");
    CsvTable table = CsvTable.read(SharedData.path(ROUTERBENCH + "mbpp_train.csv"));
    Set<String> headerModels =
        table.header().stream()
            .filter(c -> c.endsWith("|total_cost"))
            .map(c -> ModelAliases.canonical(c.substring(0, c.indexOf('|'))))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(11, headerModels.size());
    assertEquals(headerModels, data.models());

    // model -> {accuracy, mean cost per prompt} as stated in routerbench-train/SOURCE.txt
    Map<String, double[]> reference =
        Map.ofEntries(
            Map.entry("gpt-4-1106-preview", new double[] {0.880, 0.005015}),
            Map.entry("zero-one-ai/Yi-34B-Chat", new double[] {0.774, 0.000329}),
            Map.entry("mistralai/mixtral-8x7b-chat", new double[] {0.742, 0.000248}),
            Map.entry("gpt-3.5-turbo-1106", new double[] {0.732, 0.000421}),
            Map.entry("claude-v1", new double[] {0.728, 0.003576}),
            Map.entry("claude-instant-v1", new double[] {0.674, 0.000365}),
            Map.entry("meta/llama-2-70b-chat", new double[] {0.619, 0.000377}),
            Map.entry("meta/code-llama-instruct-34b-chat", new double[] {0.611, 0.000311}),
            Map.entry("mistralai/mistral-7b-chat", new double[] {0.584, 0.000081}),
            Map.entry("WizardLM/WizardLM-13B-V1.2", new double[] {0.568, 0.000123}),
            Map.entry("claude-v2", new double[] {0.551, 0.003796}));
    DatasetSummary summary = DatasetSummary.of(data);
    reference.forEach(
        (name, expected) -> {
          DatasetSummary.ModelStats stats = summary.models().get(ModelAliases.canonical(name));
          // The reference also counts the test splits, which are not in the shared folder.
          assertEquals(expected[0], stats.meanQuality(), 0.015, name + " accuracy");
          double cost = stats.meanCostUsd().orElseThrow();
          assertEquals(expected[1], cost, expected[1] * 0.02, name + " mean cost");
        });
  }

  @Test
  void routerBenchPromptsDecodePythonLiteralEscapes() {
    LabelledDataset data = source("routerbench");
    String heat = data.find("routerbench/arc-challenge.test.489").orElseThrow().prompt();
    assertTrue(heat.contains("q = c \\times m \\times \\Delta T\nA) 6.45 J"), heat);
    String silver = data.find("routerbench/arc-challenge.val.294").orElseThrow().prompt();
    assertTrue(silver.contains("AgNO3 \u0002+ NaCl (Reactants)"), silver);
    assertTrue(
        data.prompts().stream()
            .anyMatch(
                p ->
                    p.prompt()
                        .equals(
                            "Write a function that checks if a strings contains 'z', except at"
                                + " the start and end of the word.")),
        "double-quoted literal holding single quotes");
    String twoElements = data.find("routerbench/arc-challenge.val.136").orElseThrow().prompt();
    assertTrue(twoElements.contains("Answer:\n\nGeorge wants to warm his hands"), twoElements);
  }

  @Test
  void mmluMatchesReferenceCountsAndAccuracy() {
    LabelledDataset mmlu = LabelledDatasets.load(SharedData.path("routellm-evals/mmlu"));
    assertEquals(14_042, mmlu.size());
    assertEquals(Set.of("mmlu"), mmlu.sources());
    assertEquals(57, mmlu.tasks().size());
    assertTrue(mmlu.tasks().contains("mmlu/abstract_algebra"));
    assertEquals(Set.of("gpt-4-1106-preview", "mixtral-8x7b-instruct"), mmlu.models());
    assertEquals("68.1", percent(mmlu, "mixtral-8x7b-instruct"));
    assertEquals("80.6", percent(mmlu, "gpt-4-1106-preview"));
    for (LabelledPrompt p : mmlu.prompts()) {
      for (Outcome o : p.outcomes().values()) {
        assertEquals(RouteLlmMmluCsv.OUTPUT_TOKENS, o.outputTokens());
        assertEquals(TokenEstimate.ofText(p.prompt()), o.inputTokens());
      }
    }
    assertTrue(mmlu.find("mmlu/anatomy/0").orElseThrow().prompt().startsWith("A lesion causing"));
  }

  @Test
  void gsm8kMatchesReferenceAccuracyAndCountsResponseTokens() {
    LabelledDataset gsm8k = LabelledDatasets.load(SharedData.path("routellm-evals/gsm8k"));
    assertEquals(source("gsm8k"), gsm8k);
    assertEquals(1_319, gsm8k.size());
    assertEquals("63.8", percent(gsm8k, "mixtral-8x7b-instruct"));
    assertEquals("85.7", percent(gsm8k, "gpt-4-1106-preview"));
    DatasetSummary summary = DatasetSummary.of(gsm8k);
    double gpt4Output = summary.models().get("gpt-4-1106-preview").meanOutputTokens().orElseThrow();
    assertTrue(gpt4Output > 20, "GSM8K answers are worked solutions: " + gpt4Output);
    assertTrue(
        gsm8k.prompts().stream()
            .allMatch(p -> p.outcomes().values().stream().allMatch(Outcome::hasTokens)));
  }

  @Test
  void mtBenchHasEightyQuestionsTimesTwoTurnsWithReferenceMeanScores() throws IOException {
    Path file = SharedData.path("routellm-evals/mt_bench/judgements.jsonl");
    LabelledDataset mt = LabelledDatasets.load(file);
    assertEquals(160, mt.size());
    assertEquals(80, mt.prompts().stream().filter(p -> p.id().endsWith("/turn-1")).count());
    assertEquals(8, mt.tasks().size());
    assertTrue(mt.prompts().stream().allMatch(p -> p.outcomes().size() == 2));
    // SOURCE.txt: mean judge score GPT-4-1106 9.23, Mixtral 8.34 (score = 1 + 9 * quality)
    assertEquals("9.23", meanScore(mt, "gpt-4-1106-preview"));
    assertEquals("8.34", meanScore(mt, "mixtral-8x7b-instruct"));

    for (LabelledPrompt turn2 : mt.filter(p -> p.id().endsWith("/turn-2")).prompts()) {
      String id1 = turn2.id().replace("/turn-2", "/turn-1");
      LabelledPrompt turn1 = mt.find(id1).orElseThrow();
      assertTrue(turn2.prompt().startsWith(turn1.prompt() + "\n\n"), turn2.id());
      assertFalse(turn2.prompt().contains("### User"), turn2.id());
      for (String model : turn2.outcomes().keySet()) {
        assertTrue(
            turn2.outcome(model).inputTokens()
                > turn1.outcome(model).inputTokens() + turn1.outcome(model).outputTokens() / 2,
            "turn 2 input includes the model's own turn-1 answer: " + turn2.id());
      }
    }
    assertEquals(
        "Compose an engaging travel blog post about a recent trip to Hawaii, highlighting"
            + " cultural experiences and must-see attractions.",
        mt.find("mt-bench/81/turn-1").orElseThrow().prompt());

    // The judge used reference answers exactly for the reasoning, math and coding categories.
    Set<String> referenceJudged = new HashSet<>();
    JsonLines.forEachObject(
        file,
        (line, judgment) -> {
          if (judgment.get("judge").get(1).asText().startsWith("single-math")) {
            referenceJudged.add(MtBenchJudgements.task(judgment.get("question_id").asLong()));
          }
        });
    assertEquals(Set.of("mt-bench/reasoning", "mt-bench/math", "mt-bench/coding"), referenceJudged);
  }

  @Test
  void contaminationListsMatchTheirEvalPrompts() {
    LabelledDataset evals = all();
    List<ContaminatedPrompts> lists =
        ContaminatedPrompts.findAll(SharedData.path("routellm-evals"));
    assertEquals(
        List.of("gsm8k", "mt-bench"), lists.stream().map(ContaminatedPrompts::source).toList());
    assertEquals(12, lists.get(0).evalPrompts().size());
    assertEquals(8, lists.get(1).evalPrompts().size());

    Set<String> gsm8kIds =
        evals.filter(lists.get(0)).prompts().stream()
            .map(LabelledPrompt::id)
            .collect(Collectors.toSet());
    Set<String> expected = new HashSet<>();
    JsonLines.forEachObject(
        SharedData.path("routellm-evals/gsm8k/contaminated_prompts.jsonl"),
        (line, pair) -> expected.add("gsm8k/" + pair.get("eval_idx").asInt()));
    assertEquals(expected, gsm8kIds, "eval_idx is the CSV row the importer numbers ids by");

    LabelledDataset mtContaminated = evals.filter(lists.get(1));
    assertEquals(16, mtContaminated.size(), "both turns of the 8 contaminated questions");
    assertTrue(mtContaminated.find("mt-bench/81/turn-2").isPresent());

    LabelledDataset clean = evals.filter(ContaminatedPrompts.anyOf(lists).negate());
    assertEquals(evals.size() - 12 - 16, clean.size());
    assertEquals(Set.of(), clean.filter(ContaminatedPrompts.anyOf(lists)).sources());
  }

  @Test
  void arenaBenchMatchesReferenceMeanScoresAcrossFileNames() {
    LabelledDataset arena = source("arena-bench");
    assertEquals(300, arena.size());
    assertEquals(15, arena.models().size());
    assertFalse(arena.models().contains("vicuna-7b-v1.5"), "answers without judgments");
    // SOURCE.txt: judged models and mean GPT-4 score over 300 prompts
    Map<String, String> reference =
        Map.ofEntries(
            Map.entry("gpt-4-1106-preview", "8.87"),
            Map.entry("gpt-4-0314", "8.55"),
            Map.entry("gpt-3.5-turbo", "6.76"),
            Map.entry("gpt-3.5-turbo-1106", "6.68"),
            Map.entry("Mixtral-8x7B-Instruct-v0.1", "6.54"),
            Map.entry("claude-2.1", "6.44"),
            Map.entry("claude-1", "6.22"),
            Map.entry("claude-instant-1", "6.19"),
            Map.entry("Starling-LM-7B-alpha", "5.48"),
            Map.entry("openchat_3.5", "5.09"),
            Map.entry("vicuna-33b-v1.3", "4.40"),
            Map.entry("Llama-2-70b-chat", "4.35"),
            Map.entry("Mistral-7B-Instruct-v0.1", "3.57"),
            Map.entry("palm-2-chat-bison-001", "3.25"),
            Map.entry("llama-13b", "1.48"));
    reference.forEach(
        (model, score) ->
            assertEquals(score, meanScore(arena, ModelAliases.canonical(model)), model));
    for (LabelledPrompt p : arena.prompts()) {
      assertTrue(p.id().startsWith("arena-bench/"), p.id());
      assertTrue(p.outcomes().values().stream().allMatch(Outcome::hasTokens), p.id());
    }
  }

  @Test
  void detectsEachFormat() {
    assertInstanceOf(
        RouterBenchCsv.class,
        DatasetFormat.detect(SharedData.path(ROUTERBENCH + "winograde_train.csv")));
    assertInstanceOf(
        RouteLlmMmluCsv.class,
        DatasetFormat.detect(SharedData.path("routellm-evals/mmlu/responses/mmlu_virology.csv")));
    assertInstanceOf(
        RouteLlmGsm8kCsv.class,
        DatasetFormat.detect(SharedData.path("routellm-evals/gsm8k/gsm8k_responses.csv")));
    assertInstanceOf(
        MtBenchJudgements.class,
        DatasetFormat.detect(SharedData.path("routellm-evals/mt_bench/judgements.jsonl")));
    assertInstanceOf(
        ArenaBenchFolder.class, DatasetFormat.detect(SharedData.path("arena-bench-v1")));
  }

  @Test
  void explainsPathsThatAreNotDatasets(@TempDir Path dir) throws IOException {
    assertLoadError(SharedData.path("routellm-evals/LICENSE"), "unknown labelled-data format: ");
    assertLoadError(
        SharedData.path("arena-bench-v1/model_judgment"),
        "is part of the Arena-Bench folder " + SharedData.path("arena-bench-v1").toAbsolutePath());
    assertLoadError(
        SharedData.path("routellm-evals/gsm8k/contaminated_prompts.jsonl"),
        "is a RouteLLM contamination list, not labelled data");
    assertLoadError(dir.resolve("missing.jsonl"), "no such file or directory: ");
    assertLoadError(dir, "no labelled data found under " + dir);
    Path stray = Files.writeString(dir.resolve("notes.csv"), "a,b\n1,2\n");
    assertLoadError(dir, "unknown labelled-data format: " + stray);
  }

  @Test
  void loadsFoldersRecursivelyOnceEachAndTogether(@TempDir Path dir) {
    LabelledDataset evals = LabelledDatasets.load(SharedData.path("routellm-evals"));
    assertEquals(14_042 + 1_319 + 160, evals.size());
    assertEquals(Set.of("gsm8k", "mmlu", "mt-bench"), evals.sources());
    LabelledDataset overlapping =
        LabelledDatasets.load(
            SharedData.path("routellm-evals"), SharedData.path("routellm-evals/mmlu"));
    assertEquals(evals, overlapping);

    assertEquals(evals.size() + 300 + 1039 + 299 + 887, all().size());
    assertEquals(5, all().leaveOneSourceOut().size());
    LabelledDataset forward =
        LabelledDatasets.load(
            SharedData.path("routerbench-train"), SharedData.path("routellm-evals/gsm8k"));
    LabelledDataset backward =
        LabelledDatasets.load(
            SharedData.path("routellm-evals/gsm8k"), SharedData.path("routerbench-train"));
    assertEquals(List.of("routerbench", "gsm8k"), sourcesInOrder(forward));
    assertEquals(List.of("gsm8k", "routerbench"), sourcesInOrder(backward));
    assertEquals(forward.sha256(), backward.sha256(), "digest does not depend on load order");

    // Our own JSONL written from an import loads back as the same dataset.
    Path jsonl = dir.resolve("arena.jsonl");
    LabelledDataset arena = source("arena-bench");
    LabelledPromptJsonl.write(jsonl, arena.prompts());
    assertInstanceOf(LabelledJsonl.class, DatasetFormat.detect(jsonl));
    assertEquals(arena, LabelledDatasets.load(jsonl));
    LabelledDataException clash =
        assertThrows(
            LabelledDataException.class,
            () -> LabelledDatasets.load(jsonl, SharedData.path("arena-bench-v1")));
    assertTrue(
        clash.getMessage().startsWith("duplicate prompt id 'arena-bench/"), clash.getMessage());
  }

  private static void assertLoadError(Path path, String expected) {
    LabelledDataException e =
        assertThrows(LabelledDataException.class, () -> LabelledDatasets.load(path));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static List<String> sourcesInOrder(LabelledDataset data) {
    return data.prompts().stream().map(LabelledPrompt::source).distinct().toList();
  }

  private static String percent(LabelledDataset data, String model) {
    double mean = DatasetSummary.of(data).models().get(model).meanQuality();
    return String.format(java.util.Locale.ROOT, "%.1f", 100 * mean);
  }

  private static String meanScore(LabelledDataset data, String model) {
    double mean = DatasetSummary.of(data).models().get(model).meanQuality();
    return String.format(java.util.Locale.ROOT, "%.2f", 1 + 9 * mean);
  }
}
