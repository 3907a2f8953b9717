package io.tierwise.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An Arena-Bench folder (LMSYS, 2023): {@code question.jsonl}, {@code model_judgment/*.jsonl} with
 * GPT-4 single-answer grades 1-10 and {@code model_answer/*.jsonl} with the graded answers.
 *
 * <p>Mapping: {@code source = arena-bench}, {@code task} = the question's {@code category}, {@code
 * id = arena-bench/<question_id>}, quality {@code (score - 1) / 9}; a judgment without a score is
 * skipped. Judgment and answer files are matched by the {@code model} / {@code model_id} inside
 * them, not by file name ({@code gpt-4-turbo.jsonl} holds {@code gpt-4-1106-preview}, {@code
 * arena-bench-judgment_judge_any.jsonl} holds {@code llama-13b}). Input tokens are estimated from
 * the question, output tokens from the model's first answer turn (the one graded), or left unknown
 * when the folder has no answer for that model.
 */
public record ArenaBenchFolder() implements DatasetFormat {

  /** The {@code source} of every prompt this format produces. */
  public static final String SOURCE = "arena-bench";

  private static final String QUESTIONS = "question.jsonl";
  private static final String JUDGMENTS = "model_judgment";
  private static final String ANSWERS = "model_answer";

  @Override
  public String name() {
    return "arena-bench-folder";
  }

  @Override
  public boolean accepts(Path path) {
    return Files.isDirectory(path)
        && Files.isRegularFile(path.resolve(QUESTIONS))
        && Files.isDirectory(path.resolve(JUDGMENTS));
  }

  private record Question(String prompt, String category) {}

  @Override
  public List<LabelledPrompt> read(Path folder) {
    Map<String, Question> questions = questions(folder.resolve(QUESTIONS));
    Map<String, Map<String, String>> answers = answers(folder.resolve(ANSWERS), questions);
    Map<String, Map<String, Outcome>> outcomes = new HashMap<>();
    Map<String, String> whereJudged = new HashMap<>();
    for (Path file : jsonlFiles(folder.resolve(JUDGMENTS))) {
      JsonLines.forEachObject(
          file,
          (line, judgment) -> {
            String questionId = knownQuestion(judgment, questions, file, line);
            String model = ModelAliases.canonical(JsonLines.text(judgment, "model", file, line));
            JsonNode turn = judgment.get("turn");
            if (turn != null && !turn.isNull() && turn.asDouble() != 1) {
              throw LabelledDataException.at(
                  file, line, "only turn 1 is supported, got turn " + turn);
            }
            String here = file + ":" + line;
            String earlier = whereJudged.putIfAbsent(model + "\n" + questionId, here);
            if (earlier != null) {
              throw LabelledDataException.at(
                  file,
                  line,
                  "second judgment of model '"
                      + model
                      + "' on question "
                      + questionId
                      + " (first at "
                      + earlier
                      + ")");
            }
            Optional<Double> quality = JsonLines.judgeQuality(judgment, "score", file, line);
            if (quality.isPresent()) {
              String prompt = questions.get(questionId).prompt();
              String answer = answers.getOrDefault(model, Map.of()).get(questionId);
              Outcome outcome =
                  new Outcome(
                      quality.get(),
                      null,
                      TokenEstimate.ofText(prompt),
                      answer == null ? null : TokenEstimate.ofText(answer));
              outcomes.computeIfAbsent(questionId, k -> new TreeMap<>()).put(model, outcome);
            }
          });
    }
    List<LabelledPrompt> prompts = new ArrayList<>();
    for (Map.Entry<String, Question> entry : questions.entrySet()) {
      Map<String, Outcome> labelled = outcomes.get(entry.getKey());
      if (labelled != null) {
        Question question = entry.getValue();
        prompts.add(
            new LabelledPrompt(
                SOURCE + "/" + entry.getKey(),
                question.prompt(),
                SOURCE,
                question.category(),
                labelled));
      }
    }
    return prompts;
  }

  private static Map<String, Question> questions(Path file) {
    Map<String, Question> questions = new LinkedHashMap<>();
    JsonLines.forEachObject(
        file,
        (line, question) -> {
          String id = JsonLines.text(question, "question_id", file, line);
          JsonNode turns = question.get("turns");
          if (turns == null || !turns.isArray() || turns.size() != 1 || !turns.get(0).isTextual()) {
            throw LabelledDataException.at(
                file, line, "question " + id + ": 'turns' must be an array of one string");
          }
          String prompt = turns.get(0).asText();
          if (prompt.isBlank()) {
            throw LabelledDataException.at(file, line, "question " + id + " has an empty prompt");
          }
          String category =
              question.hasNonNull("category")
                  ? JsonLines.text(question, "category", file, line)
                  : SOURCE;
          if (questions.putIfAbsent(id, new Question(prompt, category)) != null) {
            throw LabelledDataException.at(file, line, "duplicate question_id " + id);
          }
        });
    return questions;
  }

  /** Per canonical model, per question id, the text of the first answer turn. */
  private static Map<String, Map<String, String>> answers(
      Path folder, Map<String, Question> questions) {
    Map<String, Map<String, String>> answers = new HashMap<>();
    if (!Files.isDirectory(folder)) {
      return answers;
    }
    for (Path file : jsonlFiles(folder)) {
      JsonLines.forEachObject(
          file,
          (line, answer) -> {
            String questionId = knownQuestion(answer, questions, file, line);
            String model = ModelAliases.canonical(JsonLines.text(answer, "model_id", file, line));
            JsonNode text = answer.at("/choices/0/turns/0");
            if (!text.isTextual()) {
              throw LabelledDataException.at(
                  file, line, "answer lacks the text at choices[0].turns[0]");
            }
            Map<String, String> ofModel = answers.computeIfAbsent(model, k -> new HashMap<>());
            if (ofModel.putIfAbsent(questionId, text.asText()) != null) {
              throw LabelledDataException.at(
                  file, line, "second answer of model '" + model + "' to question " + questionId);
            }
          });
    }
    return answers;
  }

  private static String knownQuestion(
      JsonNode object, Map<String, Question> questions, Path file, long line) {
    String id = JsonLines.text(object, "question_id", file, line);
    if (!questions.containsKey(id)) {
      throw LabelledDataException.at(file, line, "unknown question_id " + id);
    }
    return id;
  }

  private static List<Path> jsonlFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new LabelledDataException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }
}
