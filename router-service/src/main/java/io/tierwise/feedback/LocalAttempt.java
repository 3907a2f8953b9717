package io.tierwise.feedback;

import java.util.Objects;

/**
 * The local tier's try at a request: how confident it was in its own answer and whether it handed
 * the request on to a remote tier.
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
public record LocalAttempt(
    String decisionId,
    String tier,
    String model,
    double confidence,
    boolean escalated,
    long inputTokens,
    long outputTokens,
    double costUsd) {

  public LocalAttempt {
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
}
