package io.tierwise.local;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A {@link ConfidenceGate}'s judgement of one local answer (or of its first tokens, for a stream).
 *
 * @param confidence the answer's log-probability summary; empty when no token was generated
 * @param probabilityGood P(good answer) when the gate is calibrated
 * @param basis which number was compared to the threshold
 * @param score that number: {@code probabilityGood} or the mean log-probability; {@code
 *     Double.NEGATIVE_INFINITY} for an empty answer
 * @param threshold the least score that counts as confident
 * @param confident whether {@code score >= threshold}
 */
public record ConfidenceVerdict(
    Optional<AnswerConfidence> confidence,
    OptionalDouble probabilityGood,
    ConfidenceBasis basis,
    double score,
    double threshold,
    boolean confident) {

  public ConfidenceVerdict {
    Objects.requireNonNull(confidence, "confidence");
    Objects.requireNonNull(probabilityGood, "probabilityGood");
    Objects.requireNonNull(basis, "basis");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("score must not be NaN");
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, got: " + threshold);
    }
    if (confident != (score >= threshold)) {
      throw new IllegalArgumentException(
          "confident must equal score >= threshold, got "
              + confident
              + " for score "
              + score
              + " and threshold "
              + threshold);
    }
    if (basis == ConfidenceBasis.CALIBRATED && confidence.isPresent()) {
      if (probabilityGood.isEmpty()) {
        throw new IllegalArgumentException("a calibrated verdict needs probabilityGood");
      }
    }
  }

  /** Tokens judged; 0 for an empty answer. */
  public int tokenCount() {
    return confidence.map(AnswerConfidence::tokenCount).orElse(0);
  }
}
