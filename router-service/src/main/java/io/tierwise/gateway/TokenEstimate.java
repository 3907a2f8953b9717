package io.tierwise.gateway;

/**
 * Estimates token counts when an upstream reports no usage: {@code ceil(chars / 4)}, the usual rule
 * of thumb for English with BPE tokenizers. It is an approximation (within roughly ±25% for English
 * prose, worse for code and other scripts), which is why usage built from it is flagged {@link
 * Usage#estimated()}.
 */
public final class TokenEstimate {

  private TokenEstimate() {}

  /** Estimated tokens in {@code text}. */
  public static long of(CharSequence text) {
    int chars = Character.codePointCount(text, 0, text.length());
    return (chars + 3L) / 4L;
  }
}
