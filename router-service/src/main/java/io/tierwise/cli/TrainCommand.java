package io.tierwise.cli;

import io.tierwise.data.ContaminatedPrompts;
import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledDatasets;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.knn.KnnFeatureSpec;
import io.tierwise.routing.Target;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierList;
import io.tierwise.training.RouterTrainer;
import io.tierwise.training.RouterTraining;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tierwise train}: labelled data + tiers + target → a router artifact directory. */
@Command(
    name = "train",
    description =
        "Train a router artifact (kNN memory, calibrated classifier, calibrated operating point).",
    mixinStandardHelpOptions = true)
final class TrainCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      arity = "1..*",
      required = true,
      paramLabel = "PATH",
      description = "Labelled data, any supported format.")
  List<Path> data;

  @Option(
      names = "--tiers",
      required = true,
      paramLabel = "FILE",
      description = "Tier YAML file (name, model, price, kind).")
  Path tiers;

  @Option(
      names = "--target",
      converter = TargetOption.class,
      paramLabel = "quality=F|budget=USD",
      description = "Default operating target (default: quality=0.95 of the top tier).")
  Target target = new Target.Quality(0.95);

  @Option(names = "--name", description = "Artifact name (default: ${DEFAULT-VALUE}).")
  String name = "default";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory (default: models/<name>).")
  Path out;

  @Option(names = "--force", description = "Replace an existing artifact.")
  boolean force;

  @Option(
      names = "--max-per-source",
      paramLabel = "N",
      description =
          "Keep at most N prompts per source (a seeded sample), to bound the artifact's size.")
  int maxPerSource;

  @Option(
      names = "--drop-contaminated",
      negatable = true,
      description =
          "Drop prompts listed in contaminated_prompts.jsonl files under the data folders (default: true).")
  boolean dropContaminated = true;

  @Option(
      names = "--knn-k",
      paramLabel = "K",
      description = "Neighbours described by the kNN features (default: ${DEFAULT-VALUE}).")
  int knnK = KnnFeatureSpec.defaults().k();

  @Option(
      names = "--knn-kernel-width",
      paramLabel = "TAU",
      description =
          "Similarity kernel width: a neighbour of similarity s weighs exp((s - 1) / TAU) (default: ${DEFAULT-VALUE}).")
  double knnKernelWidth = KnnFeatureSpec.defaults().kernelWidth();

  @Option(
      names = "--embedder",
      paramLabel = "MODEL",
      description = "Embedding model (default: ${DEFAULT-VALUE}).")
  String embedderModel = EmbedderSettings.DEFAULT_MODEL;

  @Override
  public Integer call() {
    List<Tier> tierList = TierList.load(tiers);
    LabelledDataset dataset = LabelledDatasets.load(data);
    if (dropContaminated) {
      List<ContaminatedPrompts> lists = new ArrayList<>();
      for (Path path : data) {
        lists.addAll(ContaminatedPrompts.findAll(path));
      }
      Predicate<LabelledPrompt> contaminated = ContaminatedPrompts.anyOf(lists);
      int before = dataset.size();
      dataset = dataset.filter(contaminated.negate());
      System.err.println("dropped " + (before - dataset.size()) + " contaminated prompts");
    }
    if (maxPerSource > 0) {
      dataset = capPerSource(dataset, maxPerSource);
    }
    Path outDir = out != null ? out : CommandEnvironment.home().resolve("models").resolve(name);
    try (TextEmbedder embedder = CommandEnvironment.cachedEmbedder(embedderModel, System.err)) {
      new RouterTraining(embedder, settings(), System.err)
          .train(dataset, tierList, target, name, outDir, force, Optional.empty());
    }
    return ExitCode.OK.code();
  }

  /**
   * A deterministic sample: the prompts with the smallest id hashes, so reruns keep the same ones.
   */
  private static LabelledDataset capPerSource(LabelledDataset dataset, int cap) {
    Map<String, List<LabelledPrompt>> bySource = new HashMap<>();
    for (LabelledPrompt prompt : dataset.prompts()) {
      bySource.computeIfAbsent(prompt.source(), s -> new ArrayList<>()).add(prompt);
    }
    List<LabelledPrompt> kept = new ArrayList<>();
    for (List<LabelledPrompt> prompts : bySource.values()) {
      prompts.sort(Comparator.comparingInt(p -> mix(p.id().hashCode())));
      kept.addAll(prompts.subList(0, Math.min(cap, prompts.size())));
    }
    return LabelledDataset.of(kept);
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  private RouterTrainer.Settings settings() {
    KnnFeatureSpec defaults = KnnFeatureSpec.defaults();
    KnnFeatureSpec knn =
        new KnnFeatureSpec(knnK, defaults.thresholds(), defaults.priorWeight(), knnKernelWidth);
    return new RouterTrainer.Settings(knn, RouterTrainer.Settings.defaults().classifier());
  }
}
