package io.tierwise.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * MT-Bench single-answer judgments as RouteLLM ships them ({@code judgements.jsonl}): one line per
 * question, turn and model with the GPT-4 judge's prompt ({@code user_prompt}) and its 1-10 score.
 *
 * <p>Mapping: {@code source = mt-bench}, {@code id = mt-bench/<question_id>/turn-<1|2>}, {@code
 * task = mt-bench/<category>} from MT-Bench's fixed layout of ten questions per category (81-90
 * writing, 91-100 roleplay, 101-110 reasoning, 111-120 math, 121-130 coding, 131-140 extraction,
 * 141-150 stem, 151-160 humanities), quality {@code (score - 1) / 9}; judgments without a score are
 * skipped. The user's questions and the model's answers are cut out of the judge prompt.
 *
 * <p>Turn 2 is a conversation, but the router must score it before any model answers and the turn-1
 * answer differs per model, so its prompt is the two user questions joined by a blank line. Its
 * input tokens, which are per model, count what that model really received: turn-1 question, its
 * own turn-1 answer and the turn-2 question. Output tokens are estimated from the judged answer.
 */
public record MtBenchJudgements() implements DatasetFormat {

  /** The {@code source} of every prompt this format produces. */
  public static final String SOURCE = "mt-bench";

  private static final String[] CATEGORIES = {
    "writing", "roleplay", "reasoning", "math", "coding", "extraction", "stem", "humanities"
  };
  private static final int FIRST_QUESTION = 81;

  private static final String QUESTION = "[Question]\n";
  private static final String NEXT_SECTION = "\n\n[The Start of ";
  private static final String ANSWER_START = "[The Start of Assistant's Answer]\n";
  private static final String ANSWER_END = "\n[The End of Assistant's Answer]";
  private static final String CONVERSATION_START =
      "<|The Start of Assistant A's Conversation with User|>";
  private static final String CONVERSATION_END =
      "\n\n<|The End of Assistant A's Conversation with User|>";
  private static final String USER = "\n\n### User:\n";
  private static final String ASSISTANT = "\n\n### Assistant A:\n";

  @Override
  public String name() {
    return "mt-bench-judgements";
  }

  @Override
  public boolean accepts(Path path) {
    return Files.isRegularFile(path)
        && path.getFileName().toString().endsWith(".jsonl")
        && JsonLines.firstObject(path)
            .filter(
                o ->
                    JsonLines.hasFields(
                        o, "question_id", "model", "judge", "user_prompt", "score", "turn"))
            .isPresent();
  }

  /** What one judge prompt shows: the user's turn(s) and the judged model's answer(s). */
  record Exchange(String question1, String answer1, String question2, String answer2) {

    /** The prompt the router scores for this turn. */
    String prompt() {
      return question2 == null ? question1 : question1 + "\n\n" + question2;
    }

    /** The judged answer. */
    String judgedAnswer() {
      return question2 == null ? answer1 : answer2;
    }

    /** Estimated tokens the model received for the judged turn. */
    long inputTokens() {
      long tokens = TokenEstimate.ofText(question1);
      if (question2 != null) {
        tokens += TokenEstimate.ofText(answer1) + TokenEstimate.ofText(question2);
      }
      return tokens;
    }
  }

  private record TurnKey(long question, long turn) {}

  /** Prompt text agreed on by every judgment of one question and turn, and its outcomes. */
  private static final class Turn {
    final String prompt;
    final long firstLine;
    final Map<String, Outcome> outcomes = new TreeMap<>();
    final Map<String, Long> lineOfModel = new TreeMap<>();

    Turn(String prompt, long firstLine) {
      this.prompt = prompt;
      this.firstLine = firstLine;
    }
  }

  @Override
  public List<LabelledPrompt> read(Path path) {
    Map<TurnKey, Turn> turns =
        new TreeMap<>(Comparator.comparingLong(TurnKey::question).thenComparingLong(TurnKey::turn));
    JsonLines.forEachObject(
        path,
        (line, judgment) -> {
          long question = JsonLines.wholeNumber(judgment, "question_id", path, line);
          long turnNumber = JsonLines.wholeNumber(judgment, "turn", path, line);
          if (turnNumber != 1 && turnNumber != 2) {
            throw LabelledDataException.at(path, line, "turn must be 1 or 2, got: " + turnNumber);
          }
          String model = ModelAliases.canonical(JsonLines.text(judgment, "model", path, line));
          String userPrompt = JsonLines.text(judgment, "user_prompt", path, line);
          Exchange exchange;
          try {
            exchange = turnNumber == 1 ? singleTurn(userPrompt) : twoTurns(userPrompt);
          } catch (IllegalArgumentException e) {
            throw LabelledDataException.at(path, line, e.getMessage(), e);
          }
          Turn turn =
              turns.computeIfAbsent(
                  new TurnKey(question, turnNumber), k -> new Turn(exchange.prompt(), line));
          if (!turn.prompt.equals(exchange.prompt())) {
            throw LabelledDataException.at(
                path,
                line,
                "question "
                    + question
                    + " turn "
                    + turnNumber
                    + ": the judge prompt shows a different question than on line "
                    + turn.firstLine);
          }
          Long previous = turn.lineOfModel.putIfAbsent(model, line);
          if (previous != null) {
            throw LabelledDataException.at(
                path,
                line,
                "second judgment of model '"
                    + model
                    + "' for question "
                    + question
                    + " turn "
                    + turnNumber
                    + " (first on line "
                    + previous
                    + ")");
          }
          Optional<Double> quality = JsonLines.judgeQuality(judgment, "score", path, line);
          quality.ifPresent(
              q ->
                  turn.outcomes.put(
                      model,
                      new Outcome(
                          q,
                          null,
                          exchange.inputTokens(),
                          TokenEstimate.ofText(exchange.judgedAnswer()))));
        });
    List<LabelledPrompt> prompts = new ArrayList<>(turns.size());
    for (Map.Entry<TurnKey, Turn> entry : turns.entrySet()) {
      if (entry.getValue().outcomes.isEmpty()) {
        continue;
      }
      long question = entry.getKey().question();
      prompts.add(
          new LabelledPrompt(
              SOURCE + "/" + question + "/turn-" + entry.getKey().turn(),
              entry.getValue().prompt,
              SOURCE,
              task(question),
              entry.getValue().outcomes));
    }
    return prompts;
  }

  /** {@code mt-bench/<category>} for MT-Bench's question ids 81-160, else {@code mt-bench}. */
  static String task(long questionId) {
    long index = (questionId - FIRST_QUESTION) / 10;
    if (questionId < FIRST_QUESTION || index >= CATEGORIES.length) {
      return SOURCE;
    }
    return SOURCE + "/" + CATEGORIES[(int) index];
  }

  /** The question and answer shown in a single-turn judge prompt. */
  static Exchange singleTurn(String userPrompt) {
    String question = between(userPrompt, QUESTION, NEXT_SECTION, 0, "the [Question] section");
    String answer = between(userPrompt, ANSWER_START, ANSWER_END, 0, "the assistant's answer");
    return new Exchange(question, answer, null, null);
  }

  /** Both questions and answers of a two-turn judge prompt (ignoring any reference answer). */
  static Exchange twoTurns(String userPrompt) {
    int conversation = userPrompt.indexOf(CONVERSATION_START);
    if (conversation < 0) {
      throw new IllegalArgumentException(
          "judge prompt has no \"" + CONVERSATION_START + "\" section");
    }
    int end = userPrompt.indexOf(CONVERSATION_END, conversation);
    if (end < 0) {
      throw new IllegalArgumentException("judge prompt has an unterminated conversation");
    }
    String text = userPrompt.substring(conversation + CONVERSATION_START.length(), end);
    // Answers are free text, so take the first and the last user turn, not every marker.
    int firstUser = text.indexOf(USER);
    int lastUser = text.lastIndexOf(USER);
    if (firstUser != 0 || lastUser == firstUser) {
      throw new IllegalArgumentException("judge prompt conversation does not have two user turns");
    }
    int firstAssistant = text.indexOf(ASSISTANT, firstUser);
    int lastAssistant = text.indexOf(ASSISTANT, lastUser);
    if (firstAssistant < 0 || firstAssistant > lastUser || lastAssistant < 0) {
      throw new IllegalArgumentException(
          "judge prompt conversation does not alternate user and assistant turns");
    }
    return new Exchange(
        text.substring(USER.length(), firstAssistant),
        text.substring(firstAssistant + ASSISTANT.length(), lastUser),
        text.substring(lastUser + USER.length(), lastAssistant),
        text.substring(lastAssistant + ASSISTANT.length()));
  }

  private static String between(String text, String start, String end, int from, String what) {
    int begin = text.indexOf(start, from);
    int finish = begin < 0 ? -1 : text.indexOf(end, begin + start.length());
    if (finish < 0) {
      throw new IllegalArgumentException("judge prompt lacks " + what);
    }
    return text.substring(begin + start.length(), finish);
  }
}
