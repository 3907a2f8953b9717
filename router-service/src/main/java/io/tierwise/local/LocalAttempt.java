package io.tierwise.local;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one attempt to answer a request with a local tier did: what the gateway reports to a {@link
 * LocalAttemptListener} (e.g. the feedback store, which later learns whether escalation paid off).
 *
 * @param decisionId the request's decision id, the key of its request log row
 * @param tier the local tier's name
 * @param model the local model's id
 * @param stream whether the client asked for a stream (then the verdict covers only the first
 *     {@link LocalTierSettings#streamProbeTokens()} tokens)
 * @param outcome answered, discarded for low confidence, refused for saturation, or failed
 * @param verdict the confidence judgement; empty for a saturated or failed attempt
 * @param escalated whether the request went on to the next tier
 * @param promptTokens prompt tokens the model read (0 when nothing ran)
 * @param completionTokens tokens the model generated, including discarded ones
 * @param costUsd the attempt's cost at the local tier's prices
 * @param latency from submitting to the pool to the decision
 */
public record LocalAttempt(
    String decisionId,
    String tier,
    String model,
    boolean stream,
    LocalOutcome outcome,
    Optional<ConfidenceVerdict> verdict,
    boolean escalated,
    long promptTokens,
    long completionTokens,
    double costUsd,
    Duration latency) {

  public LocalAttempt {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(verdict, "verdict");
    if ((outcome == LocalOutcome.ANSWERED || outcome == LocalOutcome.LOW_CONFIDENCE)
        && verdict.isEmpty()) {
      throw new IllegalArgumentException("an answered or low-confidence attempt needs a verdict");
    }
    if (outcome == LocalOutcome.ANSWERED && escalated) {
      throw new IllegalArgumentException("an answered attempt cannot be escalated");
    }
    if (outcome == LocalOutcome.LOW_CONFIDENCE && !escalated) {
      throw new IllegalArgumentException("a low-confidence attempt is always escalated");
    }
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got prompt="
              + promptTokens
              + " completion="
              + completionTokens);
    }
    if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
      throw new IllegalArgumentException("costUsd must be finite and >= 0, got: " + costUsd);
    }
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must be >= 0, got: " + latency);
    }
  }

  /** Mean token log-probability of what was judged, when anything was. */
  public OptionalDouble meanLogprob() {
    return verdict
        .flatMap(ConfidenceVerdict::confidence)
        .map(c -> OptionalDouble.of(c.meanLogprob()))
        .orElse(OptionalDouble.empty());
  }

  /** Least token log-probability of what was judged, when anything was. */
  public OptionalDouble minLogprob() {
    return verdict
        .flatMap(ConfidenceVerdict::confidence)
        .map(c -> OptionalDouble.of(c.minLogprob()))
        .orElse(OptionalDouble.empty());
  }

  /** P(good answer), when the tier has a calibration and anything was judged. */
  public OptionalDouble probabilityGood() {
    return verdict.map(ConfidenceVerdict::probabilityGood).orElse(OptionalDouble.empty());
  }
}
