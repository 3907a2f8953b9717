package io.tierwise.gateway;

/**
 * Tokens billed for one request.
 *
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param estimated true when the upstream reported no usage and the gateway estimated it with
 *     {@link TokenEstimate}
 */
public record Usage(long promptTokens, long completionTokens, boolean estimated) {

  public static final Usage NONE = new Usage(0, 0, false);

  public Usage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got prompt="
              + promptTokens
              + " completion="
              + completionTokens);
    }
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
