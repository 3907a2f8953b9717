package io.tierwise.data;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts and per-model averages of a labelled dataset, for a quick look at what was loaded (the
 * {@code tierwise data} command prints {@link #render()}).
 *
 * @param prompts number of labelled prompts
 * @param sha256 the dataset's content digest ({@link LabelledDataset#sha256()})
 * @param promptsPerSource prompt count per source
 * @param promptsPerTask prompt count per task
 * @param models per model, its averages over the prompts that have an outcome for it
 */
public record DatasetSummary(
    int prompts,
    String sha256,
    SortedMap<String, Integer> promptsPerSource,
    SortedMap<String, Integer> promptsPerTask,
    SortedMap<String, ModelStats> models) {

  public DatasetSummary {
    Objects.requireNonNull(sha256, "sha256");
    promptsPerSource = Collections.unmodifiableSortedMap(new TreeMap<>(promptsPerSource));
    promptsPerTask = Collections.unmodifiableSortedMap(new TreeMap<>(promptsPerTask));
    models = Collections.unmodifiableSortedMap(new TreeMap<>(models));
  }

  /**
   * One model's averages. Costs and token counts are averaged only over the outcomes that record
   * them, and are empty when none does.
   *
   * @param labelled number of prompts with an outcome for this model
   * @param meanQuality mean quality over those prompts
   * @param meanCostUsd mean recorded USD cost per call
   * @param meanInputTokens mean recorded input tokens per call
   * @param meanOutputTokens mean recorded output tokens per call
   */
  public record ModelStats(
      int labelled,
      double meanQuality,
      OptionalDouble meanCostUsd,
      OptionalDouble meanInputTokens,
      OptionalDouble meanOutputTokens) {
    public ModelStats {
      Objects.requireNonNull(meanCostUsd, "meanCostUsd");
      Objects.requireNonNull(meanInputTokens, "meanInputTokens");
      Objects.requireNonNull(meanOutputTokens, "meanOutputTokens");
    }
  }

  /** Summarises {@code dataset}. */
  public static DatasetSummary of(LabelledDataset dataset) {
    Objects.requireNonNull(dataset, "dataset");
    SortedMap<String, Integer> perSource = new TreeMap<>();
    SortedMap<String, Integer> perTask = new TreeMap<>();
    SortedMap<String, Sums> sums = new TreeMap<>();
    for (LabelledPrompt prompt : dataset.prompts()) {
      perSource.merge(prompt.source(), 1, Integer::sum);
      perTask.merge(prompt.task(), 1, Integer::sum);
      prompt
          .outcomes()
          .forEach((model, outcome) -> sums.computeIfAbsent(model, m -> new Sums()).add(outcome));
    }
    SortedMap<String, ModelStats> models = new TreeMap<>();
    sums.forEach((model, s) -> models.put(model, s.stats()));
    return new DatasetSummary(dataset.size(), dataset.sha256(), perSource, perTask, models);
  }

  /** A plain-text report: totals, prompts per source and task, and a table of per-model means. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%,d labelled prompts, sha256 %s%n", prompts, sha256));
    out.append(String.format(Locale.ROOT, "%nPrompts per source:%n"));
    appendCounts(out, promptsPerSource);
    out.append(String.format(Locale.ROOT, "%nPrompts per task:%n"));
    appendCounts(out, promptsPerTask);
    int width = Math.max(5, models.keySet().stream().mapToInt(String::length).max().orElse(0));
    out.append(
        String.format(
            Locale.ROOT,
            "%nModels:%n  %-" + width + "s %8s %8s %12s %9s %9s%n",
            "model",
            "prompts",
            "quality",
            "cost USD",
            "in tok",
            "out tok"));
    for (Map.Entry<String, ModelStats> entry : models.entrySet()) {
      ModelStats stats = entry.getValue();
      out.append(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s %8d %8.3f %12s %9s %9s%n",
              entry.getKey(),
              stats.labelled(),
              stats.meanQuality(),
              format(stats.meanCostUsd(), "%.6f"),
              format(stats.meanInputTokens(), "%.0f"),
              format(stats.meanOutputTokens(), "%.0f")));
    }
    return out.toString();
  }

  private static void appendCounts(StringBuilder out, SortedMap<String, Integer> counts) {
    int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0);
    counts.forEach(
        (name, count) ->
            out.append(String.format(Locale.ROOT, "  %-" + width + "s %,8d%n", name, count)));
  }

  private static String format(OptionalDouble value, String pattern) {
    return value.isPresent() ? String.format(Locale.ROOT, pattern, value.getAsDouble()) : "-";
  }

  /** Running totals of one model's outcomes. */
  private static final class Sums {
    private int labelled;
    private double quality;
    private final Mean cost = new Mean();
    private final Mean inputTokens = new Mean();
    private final Mean outputTokens = new Mean();

    void add(Outcome outcome) {
      labelled++;
      quality += outcome.quality();
      if (outcome.costUsd() != null) {
        cost.add(outcome.costUsd());
      }
      if (outcome.inputTokens() != null) {
        inputTokens.add(outcome.inputTokens());
      }
      if (outcome.outputTokens() != null) {
        outputTokens.add(outcome.outputTokens());
      }
    }

    ModelStats stats() {
      return new ModelStats(
          labelled, quality / labelled, cost.value(), inputTokens.value(), outputTokens.value());
    }
  }

  private static final class Mean {
    private double sum;
    private int count;

    void add(double value) {
      sum += value;
      count++;
    }

    OptionalDouble value() {
      return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
    }
  }
}
