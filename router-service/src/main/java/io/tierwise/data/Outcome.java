package io.tierwise.data;

/**
 * How one model did on one prompt: its quality in [0, 1] and what the call cost, either as USD or
 * as token counts to be priced by a tier's price table. Cost fields are nullable because public
 * datasets record one, the other, or neither.
 *
 * @param quality 1 = fully correct/best grade, 0 = wrong/worst grade
 * @param costUsd the real cost of the call in USD, or {@code null} when unknown
 * @param inputTokens prompt tokens of the call, or {@code null} when unknown
 * @param outputTokens completion tokens of the call, or {@code null} when unknown
 */
public record Outcome(double quality, Double costUsd, Long inputTokens, Long outputTokens) {

  public Outcome {
    if (!(quality >= 0.0 && quality <= 1.0)) {
      throw new IllegalArgumentException("quality must be in [0, 1], got: " + quality);
    }
    if (costUsd != null && !(costUsd >= 0.0)) {
      throw new IllegalArgumentException("costUsd must be >= 0, got: " + costUsd);
    }
    if (inputTokens != null && inputTokens < 0) {
      throw new IllegalArgumentException("inputTokens must be >= 0, got: " + inputTokens);
    }
    if (outputTokens != null && outputTokens < 0) {
      throw new IllegalArgumentException("outputTokens must be >= 0, got: " + outputTokens);
    }
  }

  /** An outcome with quality only. */
  public static Outcome ofQuality(double quality) {
    return new Outcome(quality, null, null, null);
  }

  public boolean hasCost() {
    return costUsd != null;
  }

  public boolean hasTokens() {
    return inputTokens != null && outputTokens != null;
  }
}
