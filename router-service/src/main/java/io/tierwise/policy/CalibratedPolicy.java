package io.tierwise.policy;

import io.tierwise.routing.Target;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The policy a {@link TargetCalibration} chose for a {@link Target}, with what it achieved on the
 * validation split it was fitted on.
 *
 * @param policy the policy to route with
 * @param parameter the family parameter of {@code policy}, or empty when calibration fell back to a
 *     single tier
 * @param target the target that was calibrated for
 * @param reachable whether {@code policy} meets the target on validation (with the calibration's
 *     confidence margin); false means the fallback tier was returned and misses the target too
 * @param validationCostUsd mean true cost per prompt on validation, in USD
 * @param validationQuality mean true quality on validation
 * @param explanation one human-readable sentence on how the point was chosen, with the numbers
 */
public record CalibratedPolicy(
    TierPolicy policy,
    OptionalDouble parameter,
    Target target,
    boolean reachable,
    double validationCostUsd,
    double validationQuality,
    String explanation) {

  public CalibratedPolicy {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(explanation, "explanation");
    if (!(validationCostUsd >= 0.0)) {
      throw new IllegalArgumentException(
          "validationCostUsd must be >= 0, got: " + validationCostUsd);
    }
    if (!(validationQuality >= 0.0 && validationQuality <= 1.0)) {
      throw new IllegalArgumentException(
          "validationQuality must be in [0, 1], got: " + validationQuality);
    }
  }

  /**
   * Mean true cost on validation in USD per 1,000 prompts, the unit of {@link Target.CostBudget}.
   */
  public double validationCostUsdPer1k() {
    return validationCostUsd * 1000.0;
  }

  /** True when no family point qualified and a single tier was returned instead. */
  public boolean fellBack() {
    return parameter.isEmpty();
  }
}
