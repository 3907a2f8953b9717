package io.tierwise.feedback;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The local tier's try at a request, as the feedback store labels it (source {@code
 * local-confidence}): how confident the local model was in its own answer and whether it handed the
 * request on to a remote tier. Built from the local tier's attempt report with {@link #of(String,
 * String, String, OptionalDouble, OptionalDouble, boolean, long, long, double)}.
 *
 * @param decisionId the routing decision the attempt served
 * @param tier the local tier's name
 * @param model the model the local tier stands for in labelled data
 * @param confidence the answer's logprob confidence in [0, 1] (e.g. mean token probability)
 * @param escalated whether the request went on to another tier because confidence was too low
 * @param inputTokens prompt tokens the local model read
 * @param outputTokens tokens it generated
 * @param costUsd what the attempt cost (local compute priced per the tier), 0 when free
 */
public record LocalConfidence(
    String decisionId,
    String tier,
    String model,
    double confidence,
    boolean escalated,
    long inputTokens,
    long outputTokens,
    double costUsd) {

  public LocalConfidence {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(model, "model");
    if (decisionId.isBlank()) {
      throw new IllegalArgumentException("decisionId must not be blank");
    }
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IllegalArgumentException("confidence must be in [0, 1], got: " + confidence);
    }
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got input=" + inputTokens + " output=" + outputTokens);
    }
    if (!(costUsd >= 0.0) || Double.isInfinite(costUsd)) {
      throw new IllegalArgumentException("costUsd must be finite and >= 0, got: " + costUsd);
    }
  }

  /**
   * The label of a local attempt from its confidence signals: the calibrated probability of a good
   * answer when the local tier has a calibration, else the geometric-mean token probability {@code
   * exp(meanLogprob)}; empty when nothing was judged (a saturated or failed attempt), since such an
   * attempt says nothing about answer quality.
   *
   * <pre>{@code
   * LocalAttemptListener listener = attempt ->
   *     LocalConfidence.of(attempt.decisionId(), attempt.tier(), tierModel(attempt.tier()),
   *             attempt.probabilityGood(), attempt.meanLogprob(), attempt.escalated(),
   *             attempt.promptTokens(), attempt.completionTokens(), attempt.costUsd())
   *         .ifPresent(store::recordLocalAttempt);
   * }</pre>
   *
   * @param model the model the local tier stands for in labelled data ({@code Tier.model()})
   */
  public static Optional<LocalConfidence> of(
      String decisionId,
      String tier,
      String model,
      OptionalDouble probabilityGood,
      OptionalDouble meanLogprob,
      boolean escalated,
      long inputTokens,
      long outputTokens,
      double costUsd) {
    double confidence;
    if (probabilityGood.isPresent()) {
      confidence = probabilityGood.getAsDouble();
    } else if (meanLogprob.isPresent()) {
      confidence = Math.exp(Math.min(0.0, meanLogprob.getAsDouble()));
    } else {
      return Optional.empty();
    }
    return Optional.of(
        new LocalConfidence(
            decisionId,
            tier,
            model,
            Math.max(0.0, Math.min(1.0, confidence)),
            escalated,
            inputTokens,
            outputTokens,
            costUsd));
  }
}
