package io.tierwise.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RouteLLM's GSM8K results ({@code gsm8k_responses.csv}): a {@code prompt} column, one True/False
 * correctness column per model and the models' full responses in {@code <model>_response}.
 *
 * <p>Mapping: {@code source = task = gsm8k}, {@code id = gsm8k/<row>} (0-based data row, the same
 * index as {@code eval_idx} in RouteLLM's contamination list), quality 1/0, input tokens estimated
 * from the prompt and output tokens from the model's response.
 */
public record RouteLlmGsm8kCsv() implements DatasetFormat {

  /** The {@code source} and {@code task} of every prompt this format produces. */
  public static final String SOURCE = "gsm8k";

  @Override
  public String name() {
    return "routellm-gsm8k-csv";
  }

  @Override
  public boolean accepts(Path path) {
    String fileName = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(path)
        && fileName.startsWith("gsm8k")
        && fileName.endsWith(".csv")
        && RouteLlmColumns.matches(CsvTable.readHeader(path), true);
  }

  @Override
  public List<LabelledPrompt> read(Path path) {
    CsvTable table = CsvTable.read(path);
    RouteLlmColumns columns = RouteLlmColumns.of(table);
    List<LabelledPrompt> prompts = new ArrayList<>(table.rows().size());
    for (CsvTable.Row row : table.rows()) {
      String prompt = RouteLlmColumns.promptOf(table, row);
      long inputTokens = TokenEstimate.ofText(prompt);
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      for (RouteLlmColumns.Model model : columns.models()) {
        Double quality = RouteLlmColumns.quality(table, row, model.correctness());
        if (quality == null) {
          continue;
        }
        Long outputTokens = null;
        if (model.response() >= 0 && !row.cell(model.response()).isEmpty()) {
          outputTokens = TokenEstimate.ofText(row.cell(model.response()));
        }
        outcomes.put(model.name(), new Outcome(quality, null, inputTokens, outputTokens));
      }
      if (!outcomes.isEmpty()) {
        prompts.add(
            new LabelledPrompt(
                SOURCE + "/" + (row.number() - 1), prompt, SOURCE, SOURCE, outcomes));
      }
    }
    return prompts;
  }
}
