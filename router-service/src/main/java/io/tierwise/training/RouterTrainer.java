package io.tierwise.training;

import io.tierwise.classifier.DenseFeatureMatrix;
import io.tierwise.classifier.TierSuccessModel;
import io.tierwise.classifier.TierTrainingData;
import io.tierwise.classifier.TierTrainingOptions;
import io.tierwise.cost.PromptCostModel;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.features.DecisionFeatures;
import io.tierwise.features.PromptTemplates;
import io.tierwise.knn.KnnFeatureSpec;
import io.tierwise.knn.KnnFeatures;
import io.tierwise.knn.KnnMemory;
import io.tierwise.knn.KnnMemoryOptions;
import io.tierwise.knn.KnnMemoryWriter;
import io.tierwise.progress.ProgressLine;
import io.tierwise.scoring.TierScorer;
import io.tierwise.tier.Tier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fits a {@link TierScorer} on labelled prompts: embeds them, stores them in a new kNN memory,
 * computes each prompt's neighbour features with the prompt itself left out (so no label leaks into
 * its own features), then trains the calibrated per-tier success model and the per-tier cost
 * estimate.
 */
public final class RouterTrainer {

  /**
   * How to train.
   *
   * @param knn neighbour feature settings, stored with the memory
   * @param classifier per-tier logistic regression settings (regularisation grid, folds,
   *     calibration)
   */
  public record Settings(KnnFeatureSpec knn, TierTrainingOptions classifier) {
    public Settings {
      Objects.requireNonNull(knn, "knn");
      Objects.requireNonNull(classifier, "classifier");
    }

    /**
     * Default kNN features; the classifier's defaults with 3-fold selection, enough for a few
     * thousand rows.
     */
    public static Settings defaults() {
      return new Settings(
          KnnFeatureSpec.defaults(), TierTrainingOptions.defaults().withFolds(3, DEFAULT_SEED));
    }
  }

  /**
   * Seed of every random choice in training, so a rerun on the same data gives the same artifact.
   */
  public static final long DEFAULT_SEED = 20261123L;

  private final TextEmbedder embedder;
  private final Settings settings;
  private final PrintStream log;

  public RouterTrainer(TextEmbedder embedder, Settings settings, PrintStream log) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** The embedder every prompt is embedded with. */
  public TextEmbedder embedder() {
    return embedder;
  }

  /**
   * Trains a scorer over {@code tiers} whose kNN memory is written to {@code memoryDir} (which must
   * not hold a memory yet). The caller owns the returned scorer and must close it.
   */
  public TierScorer train(LabelledRows rows, List<Tier> tiers, Path memoryDir) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(memoryDir, "memoryDir");
    if (rows.size() == 0) {
      throw new IllegalArgumentException(
          "no training prompt is labelled for any of the tiers " + names(tiers));
    }
    PromptTemplates templates = PromptTemplates.learn(rows.texts());
    log.println("prompt templates found: " + templates.prefixes().size());
    List<float[]> vectors = embedder.embedAll(rows.texts().stream().map(templates::strip).toList());
    writeMemory(rows, vectors, memoryDir);
    KnnMemory memory =
        KnnMemory.open(memoryDir, KnnMemoryOptions.defaults().withFeatureSpec(settings.knn()));
    try {
      List<String> models = tiers.stream().map(Tier::model).toList();
      double[][] features = neighbourFeatures(rows, vectors, memory, models);
      TierSuccessModel classifier = fitClassifier(rows, features, models);
      PromptCostModel costs = PromptCostModel.fit(rows.promptChars(), rows.costForEstimate());
      return new TierScorer(tiers, memory, classifier, costs, templates);
    } catch (RuntimeException e) {
      memory.close();
      throw e;
    }
  }

  /**
   * Fits the calibrated per-tier success model on rows whose features were computed by {@link
   * #neighbourFeatures}; {@code features[i]} belongs to {@code rows.prompts().get(i)}.
   */
  public TierSuccessModel fitClassifier(
      LabelledRows rows, double[][] features, List<String> models) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(features, "features");
    if (features.length != rows.size()) {
      throw new IllegalArgumentException(
          "one feature row per labelled row expected, got "
              + features.length
              + " for "
              + rows.size());
    }
    TierTrainingData data =
        new TierTrainingData(
            models,
            DecisionFeatures.names(embedder.dimension(), settings.knn(), models),
            DenseFeatureMatrix.of(features),
            rows.quality(),
            null);
    return TierSuccessModel.train(data, settings.classifier(), log::println);
  }

  private void writeMemory(LabelledRows rows, List<float[]> vectors, Path memoryDir) {
    try (KnnMemoryWriter writer = KnnMemoryWriter.create(memoryDir, embedder.dimension());
        ProgressLine progress = ProgressLine.start("indexing", rows.size(), log)) {
      for (int i = 0; i < rows.size(); i++) {
        LabelledPrompt prompt = rows.prompts().get(i);
        writer.add(prompt.id(), prompt.source(), prompt.task(), vectors.get(i), prompt.outcomes());
        progress.advance(1);
      }
      writer.commit();
      writer.forceMerge();
    }
  }

  /**
   * Each row's decision features against {@code memory}, with the row's own memory entry (same id)
   * left out so no label leaks into its own features; {@code vectors} are the rows' embeddings.
   */
  public double[][] neighbourFeatures(
      LabelledRows rows, List<float[]> vectors, KnnMemory memory, List<String> models) {
    double[][] features = new double[rows.size()][];
    try (ProgressLine progress = ProgressLine.start("neighbour features", rows.size(), log)) {
      for (int i = 0; i < rows.size(); i++) {
        LabelledPrompt prompt = rows.prompts().get(i);
        KnnFeatures knn = memory.features(vectors.get(i), models, Optional.of(prompt.id()));
        features[i] = DecisionFeatures.of(vectors.get(i), knn, prompt.prompt());
        progress.advance(1);
      }
    }
    return features;
  }

  private static List<String> names(List<Tier> tiers) {
    return tiers.stream().map(Tier::name).toList();
  }
}
