package io.tierwise.cost;

import io.tierwise.data.Outcome;
import io.tierwise.knn.KnnFeatureSpec;
import io.tierwise.knn.MemoryNeighbour;
import io.tierwise.tier.Tier;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Refines a prompt's per-tier cost estimate with what the same models cost on its nearest labelled
 * prompts. Answer length, and so cost, depends on the kind of prompt far more than on its length: a
 * short "write a function" prompt gets a long code answer, a long multiple-choice prompt gets one
 * letter. The neighbours' observed costs capture that; the length-based line is the prior they are
 * shrunk toward:
 *
 * <pre>
 * cost_t = (Σ_i w_i · c_it + α · prior_t) / (Σ_i w_i + α),   w_i = exp((s_i − 1) / τ)
 * </pre>
 *
 * over the neighbours {@code i} whose cost on tier {@code t}'s model is known, with the kNN
 * features' kernel width {@code τ} and prior weight {@code α}.
 *
 * <p>A neighbour with no cost for tier {@code t} but a cost for other tiers still says how long
 * answers to prompts like it run: its tokens are priced at {@code t}'s prices, or its USD cost is
 * scaled by the ratio of list prices, and the result counts at {@link #IMPUTED_WEIGHT} of a real
 * observation. Without this, a tier labelled only on a few long-answer datasets (as Mistral-7B is
 * in the public data) keeps its inflated prior and can look dearer than a tier with a higher price.
 */
public final class NeighbourCostEstimate {

  /** How much an imputed neighbour cost counts next to an observed one. */
  public static final double IMPUTED_WEIGHT = 0.5;

  private NeighbourCostEstimate() {}

  /**
   * @param neighbours the prompt's neighbours, with their outcomes
   * @param tiers the tiers, in the order of {@code prior}
   * @param prior the length-based estimate per tier
   * @param spec kernel width and prior weight
   */
  public static double[] estimate(
      List<MemoryNeighbour> neighbours, List<Tier> tiers, double[] prior, KnnFeatureSpec spec) {
    Objects.requireNonNull(neighbours, "neighbours");
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(prior, "prior");
    Objects.requireNonNull(spec, "spec");
    if (prior.length != tiers.size()) {
      throw new IllegalArgumentException(
          "one prior cost per tier expected, got "
              + prior.length
              + " for "
              + tiers.size()
              + " tiers");
    }
    double[] estimate = new double[tiers.size()];
    for (int t = 0; t < tiers.size(); t++) {
      Tier tier = tiers.get(t);
      double weighted = spec.priorWeight() * prior[t];
      double mass = spec.priorWeight();
      for (MemoryNeighbour neighbour : neighbours) {
        Outcome outcome = neighbour.outcomes().get(tier.model());
        if (outcome != null && ObservedCost.isKnown(outcome)) {
          double w = spec.weight(neighbour.similarity());
          weighted += w * ObservedCost.usd(outcome, tier);
          mass += w;
        } else {
          OptionalDouble imputed = imputed(neighbour, tier, tiers);
          if (imputed.isPresent()) {
            double w = IMPUTED_WEIGHT * spec.weight(neighbour.similarity());
            weighted += w * imputed.getAsDouble();
            mass += w;
          }
        }
      }
      estimate[t] = weighted / mass;
    }
    return estimate;
  }

  /** {@code neighbour}'s cost on {@code target} inferred from the tiers it was labelled on. */
  static OptionalDouble imputed(MemoryNeighbour neighbour, Tier target, List<Tier> tiers) {
    double sum = 0;
    int count = 0;
    double targetPrice = target.inputUsdPer1M() + target.outputUsdPer1M();
    for (Tier other : tiers) {
      Outcome outcome = neighbour.outcomes().get(other.model());
      if (other == target || outcome == null) {
        continue;
      }
      if (outcome.hasTokens()) {
        sum += target.priceUsd(outcome.inputTokens(), outcome.outputTokens());
        count++;
      } else if (outcome.hasCost()) {
        double otherPrice = other.inputUsdPer1M() + other.outputUsdPer1M();
        if (otherPrice > 0) {
          sum += outcome.costUsd() * targetPrice / otherPrice;
          count++;
        }
      }
    }
    return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
  }
}
