package io.tierwise.routing;

/**
 * What an operator asks the router to optimise for. Calibration on a validation split turns a
 * target into the policy's thresholds.
 */
public sealed interface Target {

  /**
   * Keep quality at or above a fraction of the top tier's quality, as cheaply as possible.
   *
   * @param fractionOfTopTier e.g. {@code 0.98} for "at least 98% of the top tier's quality"
   */
  record Quality(double fractionOfTopTier) implements Target {
    public Quality {
      if (!(fractionOfTopTier > 0.0 && fractionOfTopTier <= 1.5)) {
        throw new IllegalArgumentException(
            "quality target must be a fraction of the top tier's quality in (0, 1.5], got: "
                + fractionOfTopTier);
      }
    }
  }

  /**
   * Spend at most this much per 1,000 requests, with the best quality that budget buys.
   *
   * @param maxUsdPer1k budget in USD per 1,000 requests
   */
  record CostBudget(double maxUsdPer1k) implements Target {
    public CostBudget {
      if (!(maxUsdPer1k > 0.0) || Double.isInfinite(maxUsdPer1k)) {
        throw new IllegalArgumentException(
            "cost budget must be a positive USD amount per 1,000 requests, got: " + maxUsdPer1k);
      }
    }
  }
}
