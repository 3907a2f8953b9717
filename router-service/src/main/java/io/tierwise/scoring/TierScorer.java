package io.tierwise.scoring;

import io.tierwise.classifier.TierSuccessModel;
import io.tierwise.cost.NeighbourCostEstimate;
import io.tierwise.cost.PromptCostModel;
import io.tierwise.features.DecisionFeatures;
import io.tierwise.features.PromptTemplates;
import io.tierwise.knn.KnnFeatures;
import io.tierwise.knn.KnnMemory;
import io.tierwise.tier.Tier;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Scores every tier for an embedded prompt: neighbour features from the kNN memory, then the
 * calibrated per-tier success model, plus the per-tier cost estimate. Owns the memory (the only
 * native resource) and closes it.
 */
public final class TierScorer implements AutoCloseable {

  private final List<Tier> tiers;
  private final List<String> models;
  private final KnnMemory memory;
  private final TierSuccessModel classifier;
  private final PromptCostModel costs;
  private final PromptTemplates templates;

  public TierScorer(
      List<Tier> tiers,
      KnnMemory memory,
      TierSuccessModel classifier,
      PromptCostModel costs,
      PromptTemplates templates) {
    this.tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    this.memory = Objects.requireNonNull(memory, "memory");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.costs = Objects.requireNonNull(costs, "costs");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.models = this.tiers.stream().map(Tier::model).toList();
    if (!classifier.tiers().equals(models)) {
      throw new IllegalArgumentException(
          "classifier predicts " + classifier.tiers() + " but the tiers stand for " + models);
    }
    if (costs.tiers() != tiers.size()) {
      throw new IllegalArgumentException(
          "cost model covers " + costs.tiers() + " tiers, expected " + tiers.size());
    }
  }

  public List<Tier> tiers() {
    return tiers;
  }

  public KnnMemory memory() {
    return memory;
  }

  public TierSuccessModel classifier() {
    return classifier;
  }

  public PromptCostModel costs() {
    return costs;
  }

  public PromptTemplates templates() {
    return templates;
  }

  /** The part of {@code prompt} to embed: the prompt without any known template prefix. */
  public String embeddingText(String prompt) {
    return templates.strip(prompt);
  }

  /**
   * Scores a prompt that is not in the memory.
   *
   * @param embedding the embedding of {@link #embeddingText(String) embeddingText(prompt)}
   */
  public TierScores score(String prompt, float[] embedding) {
    return score(prompt, embedding, Optional.empty());
  }

  /**
   * Scores a prompt; {@code excludeId} leaves the prompt's own memory entry out of its neighbours,
   * which training needs so a prompt's label never leaks into its own features.
   */
  public TierScores score(String prompt, float[] embedding, Optional<String> excludeId) {
    KnnFeatures knn = memory.features(embedding, models, excludeId);
    double[] features = DecisionFeatures.of(embedding, knn, prompt);
    double[] cost =
        NeighbourCostEstimate.estimate(
            knn.neighbours(), tiers, costs.estimate(prompt.length()), knn.spec());
    return new TierScores(classifier.predict(features), cost, knn.neighbours());
  }

  @Override
  public void close() {
    memory.close();
  }
}
