package io.tierwise.feedback;

import java.util.Objects;

/**
 * One candidate label for one model's answer to one decision's prompt, before the priority rule
 * picks the winner among a model's candidates.
 *
 * @param decisionId the decision
 * @param model the model whose answer was judged
 * @param source where the label comes from
 * @param quality the label in [0, 1]
 * @param costUsd what the answer cost, or {@code null} when unknown
 * @param inputTokens prompt tokens, or {@code null} when unknown
 * @param outputTokens completion tokens, or {@code null} when unknown
 * @param recordedAtNs when the label was recorded, epoch nanoseconds (breaks ties: latest wins)
 */
record OutcomeLabel(
    String decisionId,
    String model,
    LabelSource source,
    double quality,
    Double costUsd,
    Long inputTokens,
    Long outputTokens,
    long recordedAtNs) {

  OutcomeLabel {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
  }

  /** Whether this label should be used instead of {@code other} for the same model. */
  boolean beats(OutcomeLabel other) {
    if (source != other.source) {
      return source.outranks(other.source);
    }
    return recordedAtNs >= other.recordedAtNs;
  }
}
