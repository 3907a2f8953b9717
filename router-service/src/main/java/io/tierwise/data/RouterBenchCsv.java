package io.tierwise.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RouterBench's wide CSV (as committed by the RouterDC authors): one row per prompt with, per
 * model, a correctness column {@code <model>}, a {@code <model>|model_response} and a {@code
 * <model>|total_cost}.
 *
 * <p>Mapping: {@code source = routerbench}, {@code task = eval_name}, {@code id =
 * routerbench/<sample_id>}; the prompt is the Python list literal in {@code prompt} decoded, its
 * elements joined by a blank line. Per model, an empty correctness cell means "not labelled" (the
 * model is absent), otherwise quality is the 0/1 correctness, {@code costUsd} is {@code
 * total_cost}, and token counts are estimated with {@link TokenEstimate} from the prompt and the
 * decoded response, so that a tier price table can re-price the call. Rows with no labelled model
 * are skipped.
 *
 * <p>Repeated {@code sample_id}s: rows with the same prompt, task and outcomes as an earlier row of
 * that id are dropped; if distinct rows remain, each gets the id {@code
 * routerbench/<sample_id>#<index>} with the value of the unnamed index column (the row's index in
 * RouterBench's original data frame), so every id stays unique and traceable.
 */
public record RouterBenchCsv() implements DatasetFormat {

  /** The {@code source} of every prompt this format produces. */
  public static final String SOURCE = "routerbench";

  private static final String SAMPLE_ID = "sample_id";
  private static final String PROMPT = "prompt";
  private static final String EVAL_NAME = "eval_name";
  private static final Set<String> NON_MODEL_COLUMNS =
      Set.of("", SAMPLE_ID, PROMPT, EVAL_NAME, "oracle_model_to_route_to");
  private static final String COST_SUFFIX = "|total_cost";
  private static final String RESPONSE_SUFFIX = "|model_response";

  @Override
  public String name() {
    return "routerbench-csv";
  }

  @Override
  public boolean accepts(Path path) {
    if (!Files.isRegularFile(path) || !path.getFileName().toString().endsWith(".csv")) {
      return false;
    }
    List<String> header = CsvTable.readHeader(path);
    return header.contains(SAMPLE_ID)
        && header.contains(PROMPT)
        && header.contains(EVAL_NAME)
        && header.stream().anyMatch(c -> c.endsWith(COST_SUFFIX));
  }

  /** One model's three columns; cost and response are -1 when the file lacks them. */
  private record ModelColumns(String model, int correctness, int cost, int response) {}

  /** A row turned into a prompt, before its final id is known. */
  private record Candidate(String sampleId, String indexLabel, LabelledPrompt content) {}

  @Override
  public List<LabelledPrompt> read(Path path) {
    CsvTable table = CsvTable.read(path);
    int sampleIdColumn = requiredColumn(table, SAMPLE_ID);
    int promptColumn = requiredColumn(table, PROMPT);
    int evalColumn = requiredColumn(table, EVAL_NAME);
    int indexColumn = table.header().get(0).isEmpty() ? 0 : -1;
    List<ModelColumns> models = modelColumns(table);

    List<Candidate> candidates = new ArrayList<>();
    Map<String, List<Candidate>> bySampleId = new LinkedHashMap<>();
    for (CsvTable.Row row : table.rows()) {
      String sampleId = nonBlank(table, row, sampleIdColumn);
      String task = nonBlank(table, row, evalColumn);
      String prompt = decodedList(table, row, promptColumn);
      if (prompt.isBlank()) {
        throw LabelledDataException.at(path, row.line(), "empty prompt for " + sampleId);
      }
      Map<String, Outcome> outcomes = outcomes(table, row, models, prompt);
      if (outcomes.isEmpty()) {
        continue;
      }
      String indexLabel =
          indexColumn >= 0 && !row.cell(indexColumn).isBlank()
              ? row.cell(indexColumn).strip()
              : "row" + row.number();
      Candidate candidate =
          new Candidate(
              sampleId, indexLabel, new LabelledPrompt(sampleId, prompt, SOURCE, task, outcomes));
      List<Candidate> sameId = bySampleId.computeIfAbsent(sampleId, k -> new ArrayList<>());
      if (sameId.stream().noneMatch(c -> c.content().equals(candidate.content()))) {
        sameId.add(candidate);
        candidates.add(candidate);
      }
    }

    List<LabelledPrompt> prompts = new ArrayList<>(candidates.size());
    Set<String> ids = new HashSet<>();
    for (Candidate candidate : candidates) {
      boolean repeated = bySampleId.get(candidate.sampleId()).size() > 1;
      String id =
          SOURCE + "/" + candidate.sampleId() + (repeated ? "#" + candidate.indexLabel() : "");
      if (!ids.add(id)) {
        throw new LabelledDataException(
            path + ": rows of sample_id '" + candidate.sampleId() + "' differ but share id " + id);
      }
      LabelledPrompt content = candidate.content();
      prompts.add(
          new LabelledPrompt(
              id, content.prompt(), content.source(), content.task(), content.outcomes()));
    }
    return prompts;
  }

  private static List<ModelColumns> modelColumns(CsvTable table) {
    List<String> header = table.header();
    List<ModelColumns> models = new ArrayList<>();
    Map<String, String> columnOfCanonical = new HashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < header.size(); i++) {
      String column = header.get(i);
      if (NON_MODEL_COLUMNS.contains(column) || column.contains("|")) {
        continue;
      }
      if (!seen.add(column)) {
        throw new LabelledDataException(table.path() + ": duplicate column '" + column + "'");
      }
      String model = ModelAliases.canonical(column);
      String clash = columnOfCanonical.putIfAbsent(model, column);
      if (clash != null) {
        throw new LabelledDataException(
            table.path()
                + ": columns '"
                + clash
                + "' and '"
                + column
                + "' both name model '"
                + model
                + "'");
      }
      models.add(
          new ModelColumns(
              model,
              i,
              table.column(column + COST_SUFFIX),
              table.column(column + RESPONSE_SUFFIX)));
    }
    if (models.isEmpty()) {
      throw new LabelledDataException(table.path() + ": no model correctness columns");
    }
    return models;
  }

  private static Map<String, Outcome> outcomes(
      CsvTable table, CsvTable.Row row, List<ModelColumns> models, String prompt) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    long inputTokens = TokenEstimate.ofText(prompt);
    for (ModelColumns columns : models) {
      String correctness = row.cell(columns.correctness()).strip();
      if (correctness.isEmpty()) {
        continue;
      }
      double quality = number(table, row, columns.correctness());
      Double cost = null;
      if (columns.cost() >= 0 && !row.cell(columns.cost()).isBlank()) {
        cost = number(table, row, columns.cost());
      }
      Long outputTokens = null;
      if (columns.response() >= 0 && !row.cell(columns.response()).isBlank()) {
        outputTokens = TokenEstimate.ofText(decodedList(table, row, columns.response()));
      }
      try {
        outcomes.put(columns.model(), new Outcome(quality, cost, inputTokens, outputTokens));
      } catch (IllegalArgumentException e) {
        throw LabelledDataException.at(
            table.path(), row.line(), "model '" + columns.model() + "': " + e.getMessage(), e);
      }
    }
    return outcomes;
  }

  private static int requiredColumn(CsvTable table, String name) {
    int column = table.column(name);
    if (column < 0) {
      throw new LabelledDataException(table.path() + ": missing column '" + name + "'");
    }
    return column;
  }

  private static String nonBlank(CsvTable table, CsvTable.Row row, int column) {
    String value = row.cell(column).strip();
    if (value.isEmpty()) {
      throw LabelledDataException.at(
          table.path(), row.line(), "empty '" + table.header().get(column) + "'");
    }
    return value;
  }

  private static double number(CsvTable table, CsvTable.Row row, int column) {
    String cell = row.cell(column).strip();
    try {
      double value = Double.parseDouble(cell);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the column name
    }
    throw LabelledDataException.at(
        table.path(),
        row.line(),
        "column '" + table.header().get(column) + "' must be a number, got: '" + cell + "'");
  }

  private static String decodedList(CsvTable table, CsvTable.Row row, int column) {
    try {
      return String.join("\n\n", PythonStringList.parse(row.cell(column)));
    } catch (IllegalArgumentException e) {
      throw LabelledDataException.at(
          table.path(),
          row.line(),
          "column '" + table.header().get(column) + "': " + e.getMessage(),
          e);
    }
  }
}
