package io.tierwise.local;

/** Why a generation ended, with the names the OpenAI API uses. */
public enum FinishReason {
  /** A stop token (the model's end-of-sequence or a requested stop id) or a stop string. */
  STOP("stop"),
  /** {@code maxNewTokens} reached, or the model's context window is full. */
  LENGTH("length");

  private final String wireName;

  FinishReason(String wireName) {
    this.wireName = wireName;
  }

  /** The OpenAI {@code finish_reason} value. */
  public String wireName() {
    return wireName;
  }
}
