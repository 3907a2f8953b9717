package io.tierwise.feedback;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a quality label comes from, in priority order: when one decision has several labels for the
 * same model, the label from the source listed first wins (ties: the latest).
 */
public enum LabelSource {
  /** A programmatic check of the answer (tests passed, schema valid). */
  VALIDATOR,
  /** An LLM or human grader scoring the answer. */
  JUDGE,
  /** The end user (thumbs or a score). */
  USER,
  /** Comparison with the top tier's answer to the same prompt. */
  SHADOW,
  /** The local tier's own logprob confidence in its answer. */
  LOCAL_CONFIDENCE;

  /** The name on the wire and in the store, e.g. {@code local-confidence}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether clients may send this source to {@code POST /v1/feedback}. */
  public boolean acceptedAsFeedback() {
    return this != LOCAL_CONFIDENCE;
  }

  /** True when this source's label beats {@code other}'s for the same model. */
  public boolean outranks(LabelSource other) {
    return ordinal() < other.ordinal();
  }

  /** The source with this wire name. */
  public static Optional<LabelSource> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
