package io.tierwise.local;

/**
 * Token counts of one generation, as the OpenAI {@code usage} object reports them.
 *
 * @param promptTokens tokens of the prompt after the chat template, including a BOS token
 * @param completionTokens tokens returned in the generation (a stop token is not counted)
 */
public record TokenUsage(int promptTokens, int completionTokens) {

  public TokenUsage {
    if (promptTokens < 0) {
      throw new IllegalArgumentException("promptTokens must be >= 0, got: " + promptTokens);
    }
    if (completionTokens < 0) {
      throw new IllegalArgumentException("completionTokens must be >= 0, got: " + completionTokens);
    }
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
