package io.tierwise.routing;

import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledDatasets;
import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.OnnxTextEmbedder;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierList;
import io.tierwise.training.RouterTrainer;
import io.tierwise.training.RouterTraining;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Trains a small real router artifact (Arena-Bench prompts, the default tiers) for tests that need
 * one.
 */
final class TrainedRouterFixture {

  private TrainedRouterFixture() {}

  static Path sharedDir() {
    return Path.of(System.getProperty("tierwise.shared.dir", "../../shared"));
  }

  static Path projectHome() {
    return Path.of("..").toAbsolutePath().normalize();
  }

  static List<Tier> defaultTiers() {
    return TierList.load(projectHome().resolve("training-data/recipes/default-tiers.yaml"));
  }

  /** Writes an artifact trained on Arena-Bench to {@code dir} and returns it. */
  static Path train(Path dir) {
    LabelledDataset data = LabelledDatasets.load(sharedDir().resolve("data/arena-bench-v1"));
    try (OnnxTextEmbedder embedder = OnnxTextEmbedder.open(EmbedderSettings.defaults())) {
      new RouterTraining(
              embedder,
              RouterTrainer.Settings.defaults(),
              new PrintStream(PrintStream.nullOutputStream()))
          .train(
              data, defaultTiers(), new Target.Quality(0.95), "test", dir, false, Optional.empty());
    }
    return dir;
  }
}
