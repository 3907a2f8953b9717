package io.tierwise.gateway;

import io.tierwise.tier.Tier;

/**
 * What an upstream charges, in USD per million tokens.
 *
 * @param inputUsdPer1M price of one million prompt tokens
 * @param outputUsdPer1M price of one million completion tokens
 */
public record Pricing(double inputUsdPer1M, double outputUsdPer1M) {

  public Pricing {
    if (!(inputUsdPer1M >= 0)
        || !(outputUsdPer1M >= 0)
        || Double.isInfinite(inputUsdPer1M)
        || Double.isInfinite(outputUsdPer1M)) {
      throw new IllegalArgumentException(
          "prices must be finite and >= 0, got input="
              + inputUsdPer1M
              + " output="
              + outputUsdPer1M);
    }
  }

  /** The list prices of a router tier. */
  public static Pricing of(Tier tier) {
    return new Pricing(tier.inputUsdPer1M(), tier.outputUsdPer1M());
  }

  /** USD cost of a call with these token counts. */
  public double costUsd(long inputTokens, long outputTokens) {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got input=" + inputTokens + " output=" + outputTokens);
    }
    return (inputTokens * inputUsdPer1M + outputTokens * outputUsdPer1M) / 1_000_000.0;
  }
}
