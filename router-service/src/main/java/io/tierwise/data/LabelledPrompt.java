package io.tierwise.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A prompt with the outcomes that several models achieved on it: the unit of training and
 * evaluation data.
 *
 * @param id stable identifier, unique within its source
 * @param prompt the prompt text as the model saw it
 * @param source dataset the prompt comes from, e.g. {@code routerbench}, {@code mmlu}, {@code
 *     arena-bench}
 * @param task finer task label within the source, e.g. {@code arc_challenge} or {@code
 *     mmlu/anatomy}
 * @param outcomes per model name, how that model did; models without a label are simply absent
 */
public record LabelledPrompt(
    String id, String prompt, String source, String task, Map<String, Outcome> outcomes) {

  public LabelledPrompt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(outcomes, "outcomes");
    outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  /** The outcome of {@code model}, or {@code null} if this prompt has no label for it. */
  public Outcome outcome(String model) {
    return outcomes.get(model);
  }
}
