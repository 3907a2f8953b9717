package io.tierwise.feedback;

import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns stored decisions and their candidate labels into training examples, per the contract of
 * {@link OutcomeSource}: one {@link LabelledPrompt} per labelled decision (id = decision id, prompt
 * = the scored text, source = {@code traffic/<tenant>} or {@code traffic}, task = the workflow or
 * empty), and per model the label of the highest-priority source (ties: the latest).
 */
final class OutcomeMapping {

  private OutcomeMapping() {}

  /**
   * @param decisions decisions in the order the result should have (oldest first)
   * @param labels candidate labels in any order; those of decisions not listed are ignored
   */
  static List<LabelledPrompt> map(List<DecisionRecord> decisions, List<OutcomeLabel> labels) {
    Map<String, Map<String, OutcomeLabel>> best = new HashMap<>();
    for (OutcomeLabel label : labels) {
      Map<String, OutcomeLabel> byModel =
          best.computeIfAbsent(label.decisionId(), id -> new LinkedHashMap<>());
      OutcomeLabel current = byModel.get(label.model());
      if (current == null || label.beats(current)) {
        byModel.put(label.model(), label);
      }
    }
    List<LabelledPrompt> prompts = new ArrayList<>();
    for (DecisionRecord decision : decisions) {
      Map<String, OutcomeLabel> byModel = best.get(decision.decisionId());
      if (byModel == null || byModel.isEmpty()) {
        continue;
      }
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      // Tier order (cheapest first) keeps the output stable whatever order labels came in.
      for (String model : decision.tierModels().values()) {
        OutcomeLabel label = byModel.get(model);
        if (label != null) {
          outcomes.put(model, outcome(label));
        }
      }
      byModel.forEach((model, label) -> outcomes.putIfAbsent(model, outcome(label)));
      prompts.add(
          new LabelledPrompt(
              decision.decisionId(),
              decision.prompt(),
              decision.tenant().map(t -> "traffic/" + t).orElse("traffic"),
              decision.workflow().orElse(""),
              outcomes));
    }
    return List.copyOf(prompts);
  }

  private static Outcome outcome(OutcomeLabel label) {
    return new Outcome(label.quality(), label.costUsd(), label.inputTokens(), label.outputTokens());
  }
}
