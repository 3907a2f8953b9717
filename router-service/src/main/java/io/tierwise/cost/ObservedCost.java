package io.tierwise.cost;

import io.tierwise.data.Outcome;
import io.tierwise.tier.Tier;
import java.util.Objects;

/**
 * What a labelled call actually cost: the recorded USD amount, or its token counts priced at the
 * tier's list price.
 */
public final class ObservedCost {

  private ObservedCost() {}

  /**
   * USD cost of {@code outcome} on {@code tier}.
   *
   * @throws IllegalArgumentException if the outcome records neither a cost nor token counts
   */
  public static double usd(Outcome outcome, Tier tier) {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(tier, "tier");
    if (outcome.hasCost()) {
      return outcome.costUsd();
    }
    if (outcome.hasTokens()) {
      return tier.priceUsd(outcome.inputTokens(), outcome.outputTokens());
    }
    throw new IllegalArgumentException(
        "outcome for tier '" + tier.name() + "' has neither costUsd nor token counts to price");
  }

  /** True if {@link #usd} can price this outcome. */
  public static boolean isKnown(Outcome outcome) {
    return outcome.hasCost() || outcome.hasTokens();
  }
}
