package io.tierwise.local;

import java.util.List;
import java.util.Objects;

/**
 * The result of one local generation.
 *
 * @param text the generated text as it follows the prompt (a leading space is kept), cut before a
 *     stop string; a stop token or stop string is not part of it
 * @param tokens the generated tokens in order; their bytes concatenated decode to {@code text}
 *     unless a stop string cut it
 * @param finishReason why generation ended
 * @param usage prompt and completion token counts
 */
public record Generation(
    String text, List<GeneratedToken> tokens, FinishReason finishReason, TokenUsage usage) {

  public Generation {
    Objects.requireNonNull(text, "text");
    tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(usage, "usage");
    if (usage.completionTokens() != tokens.size()) {
      throw new IllegalArgumentException(
          "usage.completionTokens must equal the number of tokens, got: "
              + usage.completionTokens()
              + " for "
              + tokens.size()
              + " tokens");
    }
  }

  /** The generated token ids in order. */
  public int[] tokenIds() {
    return tokens.stream().mapToInt(GeneratedToken::id).toArray();
  }

  /** The log-probability of each generated token, in order. */
  public double[] logprobs() {
    return tokens.stream().mapToDouble(GeneratedToken::logprob).toArray();
  }
}
