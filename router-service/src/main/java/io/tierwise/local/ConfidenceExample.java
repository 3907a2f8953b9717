package io.tierwise.local;

import java.util.Objects;

/**
 * A labelled outcome for fitting a {@link ConfidenceCalibration}: the confidence of a local answer
 * and whether the answer turned out good (judged correct, or accepted by the user).
 */
public record ConfidenceExample(AnswerConfidence confidence, boolean good) {

  public ConfidenceExample {
    Objects.requireNonNull(confidence, "confidence");
  }
}
