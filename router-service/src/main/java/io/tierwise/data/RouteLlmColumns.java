package io.tierwise.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a RouteLLM evaluation CSV: a {@code prompt} column, one True/False correctness
 * column per model, and optionally a {@code <model>_response} column per model.
 *
 * @param models per model, its column indexes, in header order
 */
record RouteLlmColumns(List<RouteLlmColumns.Model> models) {

  static final String RESPONSE_SUFFIX = "_response";

  /**
   * One model's columns.
   *
   * @param name canonical model id
   * @param correctness index of the True/False column
   * @param response index of the response text column, or -1
   */
  record Model(String name, int correctness, int response) {}

  RouteLlmColumns {
    models = List.copyOf(models);
  }

  /** Whether {@code header} has the shape of a RouteLLM evaluation CSV. */
  static boolean matches(List<String> header, boolean responsesAllowed) {
    if (header.size() < 2 || !header.get(0).equals("prompt")) {
      return false;
    }
    for (String column : header.subList(1, header.size())) {
      if (column.isBlank()) {
        return false;
      }
      if (column.endsWith(RESPONSE_SUFFIX)) {
        String model = column.substring(0, column.length() - RESPONSE_SUFFIX.length());
        if (!responsesAllowed || !header.contains(model)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Analyses the header of {@code table}. */
  static RouteLlmColumns of(CsvTable table) {
    List<String> header = table.header();
    if (header.isEmpty() || !header.get(0).equals("prompt")) {
      throw new LabelledDataException(table.path() + ": first column must be 'prompt'");
    }
    List<Model> models = new ArrayList<>();
    Map<String, String> columnOfModel = new HashMap<>();
    for (int i = 1; i < header.size(); i++) {
      String column = header.get(i);
      if (column.endsWith(RESPONSE_SUFFIX)) {
        continue;
      }
      String model = ModelAliases.canonical(column);
      String clash = columnOfModel.putIfAbsent(model, column);
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
      models.add(new Model(model, i, table.column(column + RESPONSE_SUFFIX)));
    }
    if (models.isEmpty()) {
      throw new LabelledDataException(table.path() + ": no model columns after 'prompt'");
    }
    return new RouteLlmColumns(models);
  }

  /**
   * The quality in a correctness cell: 1 for {@code True}, 0 for {@code False}, {@code null} for an
   * empty cell (model not labelled).
   */
  static Double quality(CsvTable table, CsvTable.Row row, int column) {
    String cell = row.cell(column).strip();
    return switch (cell) {
      case "True" -> 1.0;
      case "False" -> 0.0;
      case "" -> null;
      default ->
          throw LabelledDataException.at(
              table.path(),
              row.line(),
              "column '"
                  + table.header().get(column)
                  + "' must be True or False, got: '"
                  + cell
                  + "'");
    };
  }

  /** The non-blank prompt of {@code row}. */
  static String promptOf(CsvTable table, CsvTable.Row row) {
    String text = row.cell(0);
    if (text.isBlank()) {
      throw LabelledDataException.at(table.path(), row.line(), "empty prompt");
    }
    return text;
  }
}
