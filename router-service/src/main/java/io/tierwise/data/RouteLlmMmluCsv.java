package io.tierwise.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RouteLLM's MMLU results, one file {@code mmlu_<subject>.csv} per subject with a {@code prompt}
 * column and one True/False correctness column per model.
 *
 * <p>Mapping: {@code source = mmlu}, {@code task = mmlu/<subject>}, {@code id =
 * mmlu/<subject>/<row>} (0-based data row), quality 1/0. The files hold no responses, so output
 * tokens are {@value #OUTPUT_TOKENS}: RouteLLM generated these answers with {@code
 * max_new_tokens=1} (a single answer letter). Input tokens are estimated from the stored prompt;
 * note that RouteLLM actually prepended up to 5 worked examples (at most 1,536 tokens), which the
 * file does not keep, so the estimate prices the question as a user would send it.
 */
public record RouteLlmMmluCsv() implements DatasetFormat {

  /** The {@code source} of every prompt this format produces. */
  public static final String SOURCE = "mmlu";

  /** Output tokens per answer: RouteLLM asked for exactly one token, the answer letter. */
  public static final long OUTPUT_TOKENS = 1;

  private static final Pattern FILE_NAME = Pattern.compile("mmlu_(.+)\\.csv");

  @Override
  public String name() {
    return "routellm-mmlu-csv";
  }

  @Override
  public boolean accepts(Path path) {
    return Files.isRegularFile(path)
        && FILE_NAME.matcher(path.getFileName().toString()).matches()
        && RouteLlmColumns.matches(CsvTable.readHeader(path), false);
  }

  @Override
  public List<LabelledPrompt> read(Path path) {
    Matcher name = FILE_NAME.matcher(path.getFileName().toString());
    if (!name.matches()) {
      throw new LabelledDataException(path + ": expected a file named mmlu_<subject>.csv");
    }
    String task = SOURCE + "/" + name.group(1);
    CsvTable table = CsvTable.read(path);
    RouteLlmColumns columns = RouteLlmColumns.of(table);
    List<LabelledPrompt> prompts = new ArrayList<>(table.rows().size());
    for (CsvTable.Row row : table.rows()) {
      String prompt = RouteLlmColumns.promptOf(table, row);
      long inputTokens = TokenEstimate.ofText(prompt);
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      for (RouteLlmColumns.Model model : columns.models()) {
        Double quality = RouteLlmColumns.quality(table, row, model.correctness());
        if (quality != null) {
          outcomes.put(model.name(), new Outcome(quality, null, inputTokens, OUTPUT_TOKENS));
        }
      }
      if (!outcomes.isEmpty()) {
        String id = task + "/" + (row.number() - 1);
        prompts.add(new LabelledPrompt(id, prompt, SOURCE, task, outcomes));
      }
    }
    return prompts;
  }
}
