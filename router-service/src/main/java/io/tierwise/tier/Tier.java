package io.tierwise.tier;

import java.util.Objects;

/**
 * One model tier the router can pick: a name operators use, the model it stands for in labelled
 * data, and its list prices.
 *
 * @param name operator-facing tier name, e.g. {@code small}
 * @param model the model this tier stands for in labelled outcome data, e.g. {@code
 *     mistralai/mistral-7b-chat}
 * @param inputUsdPer1M price of one million input tokens, in USD
 * @param outputUsdPer1M price of one million output tokens, in USD
 * @param kind whether the tier runs locally or upstream
 */
public record Tier(
    String name, String model, double inputUsdPer1M, double outputUsdPer1M, TierKind kind) {

  public Tier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(kind, "kind");
    if (name.isBlank()) {
      throw new IllegalArgumentException("tier name must not be blank");
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException("tier '" + name + "': model must not be blank");
    }
    if (!(inputUsdPer1M >= 0) || !(outputUsdPer1M >= 0)) {
      throw new IllegalArgumentException(
          "tier '"
              + name
              + "': prices must be >= 0, got input="
              + inputUsdPer1M
              + " output="
              + outputUsdPer1M);
    }
  }

  /** USD price of a call with the given token counts. */
  public double priceUsd(long inputTokens, long outputTokens) {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must be >= 0, got input=" + inputTokens + " output=" + outputTokens);
    }
    return (inputTokens * inputUsdPer1M + outputTokens * outputUsdPer1M) / 1_000_000.0;
  }
}
