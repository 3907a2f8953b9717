package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MT-Bench import rules on hand-written judgments; the real file is in {@link PublicDatasetsTest}.
 */
class MtBenchJudgementsTest {

  @TempDir Path dir;

  private static String singleTurnPrompt(String question, String answer) {
    return "[Instruction]\nPlease act as an impartial judge.\n\n[Question]\n"
        + question
        + "\n\n[The Start of Assistant's Answer]\n"
        + answer
        + "\n[The End of Assistant's Answer]";
  }

  private static String twoTurnPrompt(String q1, String a1, String q2, String a2) {
    String reference =
        "<|The Start of Reference Answer|>\n\n### User:\n"
            + q1
            + "\n\n### Reference answer:\nref\n\n<|The End of Reference Answer|>\n\n\n";
    return reference
        + "<|The Start of Assistant A's Conversation with User|>\n\n### User:\n"
        + q1
        + "\n\n### Assistant A:\n"
        + a1
        + "\n\n### User:\n"
        + q2
        + "\n\n### Assistant A:\n"
        + a2
        + "\n\n<|The End of Assistant A's Conversation with User|>";
  }

  @Test
  void cutsQuestionsAndAnswersOutOfJudgePrompts() {
    MtBenchJudgements.Exchange one =
        MtBenchJudgements.singleTurn(singleTurnPrompt("What is 2+2?\n\nExplain.", "Four."));
    assertEquals("What is 2+2?\n\nExplain.", one.prompt());
    assertEquals("Four.", one.judgedAnswer());

    MtBenchJudgements.Exchange two =
        MtBenchJudgements.twoTurns(twoTurnPrompt("Q1", "A1 mentions ### User: inline", "Q2", "A2"));
    assertEquals("Q1\n\nQ2", two.prompt());
    assertEquals("A2", two.judgedAnswer());
    assertEquals(
        TokenEstimate.ofText("Q1")
            + TokenEstimate.ofText("A1 mentions ### User: inline")
            + TokenEstimate.ofText("Q2"),
        two.inputTokens());
  }

  @Test
  void readsScoresAsQualityPerQuestionAndTurn() throws IOException {
    Path file =
        judgments(
            judgment(
                112,
                "mistralai/Mixtral-8x7B-Instruct-v0.1",
                1,
                10,
                singleTurnPrompt("Q1", "short")),
            judgment(112, "gpt-4-1106-preview", 1, 1, singleTurnPrompt("Q1", "a longer answer")),
            judgment(
                112,
                "gpt-4-1106-preview",
                2,
                null,
                twoTurnPrompt("Q1", "a longer answer", "Q2", "x")),
            judgment(
                112,
                "mistralai/Mixtral-8x7B-Instruct-v0.1",
                2,
                5.5,
                twoTurnPrompt("Q1", "short", "Q2", "y")));
    List<LabelledPrompt> prompts = new MtBenchJudgements().read(file);
    assertEquals(2, prompts.size());
    LabelledPrompt first = prompts.get(0);
    assertEquals("mt-bench/112/turn-1", first.id());
    assertEquals("mt-bench/math", first.task());
    assertEquals("Q1", first.prompt());
    assertEquals(1.0, first.outcome("mixtral-8x7b-instruct").quality());
    assertEquals(0.0, first.outcome("gpt-4-1106-preview").quality());
    assertEquals(
        TokenEstimate.ofText("a longer answer"),
        first.outcome("gpt-4-1106-preview").outputTokens());

    LabelledPrompt second = prompts.get(1);
    assertEquals("mt-bench/112/turn-2", second.id());
    assertEquals("Q1\n\nQ2", second.prompt());
    assertEquals(Set.of("mixtral-8x7b-instruct"), second.outcomes().keySet(), "null score skipped");
    assertEquals(0.5, second.outcome("mixtral-8x7b-instruct").quality(), 1e-12);
  }

  @Test
  void mapsQuestionIdsToCategories() {
    assertEquals("mt-bench/writing", MtBenchJudgements.task(81));
    assertEquals("mt-bench/roleplay", MtBenchJudgements.task(91));
    assertEquals("mt-bench/coding", MtBenchJudgements.task(130));
    assertEquals("mt-bench/humanities", MtBenchJudgements.task(160));
    assertEquals("mt-bench", MtBenchJudgements.task(161));
    assertEquals("mt-bench", MtBenchJudgements.task(1));
  }

  @Test
  void reportsProblemsWithTheirLine() throws IOException {
    String ok = judgment(81, "m", 1, 5, singleTurnPrompt("Q", "A"));
    assertError(
        judgments(ok, judgment(81, "n", 1, 11, singleTurnPrompt("Q", "A"))),
        ":2: field 'score' must be from 1 to 10, got: 11");
    assertError(
        judgments(ok, judgment(82, "m", 1, 5, "no question here")),
        ":2: judge prompt lacks the [Question] section");
    assertError(
        judgments(ok, judgment(81, "n", 1, 5, singleTurnPrompt("Other", "A"))),
        ":2: question 81 turn 1: the judge prompt shows a different question than on line 1");
    assertError(judgments(ok, ok), ":2: second judgment of model 'm' for question 81 turn 1");
    assertError(judgments(judgment(81, "m", 3, 5, "x")), ":1: turn must be 1 or 2, got: 3");
    assertError(
        judgments(judgment(81, "m", 2, 5, singleTurnPrompt("Q", "A"))),
        ":1: judge prompt has no \"<|The Start of Assistant A's Conversation");
  }

  private static String judgment(
      int question, String model, int turn, Number score, String userPrompt) {
    ObjectNode node = JsonLines.MAPPER.createObjectNode();
    node.put("question_id", question);
    node.put("model", model);
    node.putArray("judge").add("gpt-4").add(turn == 1 ? "single-v1" : "single-v1-multi-turn");
    node.put("user_prompt", userPrompt);
    node.put("judgment", "Rating: [[" + score + "]]");
    if (score == null) {
      node.putNull("score");
    } else if (score instanceof Integer whole) {
      node.put("score", whole);
    } else {
      node.put("score", score.doubleValue());
    }
    node.put("turn", turn);
    node.put("tstamp", 1.7e9);
    return node.toString();
  }

  private Path judgments(String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "judgements", ".jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    assertTrue(new MtBenchJudgements().accepts(file), "detected as MT-Bench judgments");
    return file;
  }

  private static void assertError(Path file, String expected) {
    LabelledDataException e =
        assertThrows(LabelledDataException.class, () -> new MtBenchJudgements().read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
