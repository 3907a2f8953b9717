package io.tierwise.config;

/**
 * A tier's list prices (YAML section {@code tiers[i].prices}); both are required, since a silently
 * free tier would skew every cost-aware decision.
 *
 * @param inputUsdPer1M USD per million input tokens
 * @param outputUsdPer1M USD per million output tokens
 */
public record TierPrices(double inputUsdPer1M, double outputUsdPer1M) {

  public TierPrices {
    if (!(inputUsdPer1M >= 0) || Double.isInfinite(inputUsdPer1M)) {
      throw new IllegalArgumentException("input price must be >= 0, got: " + inputUsdPer1M);
    }
    if (!(outputUsdPer1M >= 0) || Double.isInfinite(outputUsdPer1M)) {
      throw new IllegalArgumentException("output price must be >= 0, got: " + outputUsdPer1M);
    }
  }

  static TierPrices read(SettingsReader section) {
    double input = section.requiredDecimal("input", 0);
    double output = section.requiredDecimal("output", 0);
    return section.build(() -> new TierPrices(input, output));
  }
}
