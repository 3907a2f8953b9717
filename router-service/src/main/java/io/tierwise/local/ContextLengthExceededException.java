package io.tierwise.local;

/**
 * The prompt leaves no room for a single generated token in the model's context window. Callers
 * answer with a client error or escalate to a tier with a longer context.
 */
public final class ContextLengthExceededException extends RuntimeException {

  private final int promptTokens;
  private final int contextLength;

  public ContextLengthExceededException(int promptTokens, int contextLength) {
    super(
        "prompt has "
            + promptTokens
            + " tokens but the model's context holds "
            + contextLength
            + " (prompt plus at least one generated token must fit)");
    this.promptTokens = promptTokens;
    this.contextLength = contextLength;
  }

  /** Tokens in the prompt after the chat template was applied. */
  public int promptTokens() {
    return promptTokens;
  }

  /** The model's context length ({@code max_position_embeddings}). */
  public int contextLength() {
    return contextLength;
  }
}
