package io.tierwise.data;

import java.util.Objects;

/**
 * Estimates token counts from text, for datasets that record no token counts or costs.
 *
 * <p>The estimate is {@code ceil(code points / 4)}: about four characters per token is the usual
 * rule of thumb for English text under GPT-style BPE tokenizers. It undercounts code with many
 * symbols and CJK text, but it only has to rank tiers by price, and it is the same for every model,
 * so it never favours one model over another. Real tokenizers are model-specific and would tie the
 * data layer to one vendor's vocabulary.
 */
public final class TokenEstimate {

  /** Characters (Unicode code points) assumed per token. */
  public static final int CHARS_PER_TOKEN = 4;

  private TokenEstimate() {}

  /** Estimated number of tokens in {@code text}; 0 for the empty string. */
  public static long ofText(String text) {
    Objects.requireNonNull(text, "text");
    long codePoints = text.codePointCount(0, text.length());
    return (codePoints + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }
}
