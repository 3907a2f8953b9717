package io.tierwise.cli;

import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.data.DatasetSplit;
import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledDatasets;
import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.eval.EvaluationReport;
import io.tierwise.eval.EvaluationReportJson;
import io.tierwise.eval.EvaluationReportTable;
import io.tierwise.knn.KnnFeatureSpec;
import io.tierwise.tier.Tier;
import io.tierwise.training.RouterTrainer;
import io.tierwise.training.RoutingEvaluation;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tierwise eval}: trains routers on labelled data and measures them against baselines on
 * held-out prompts.
 */
@Command(
    name = "eval",
    description = {
      "Train a router and sweep its operating point on held-out prompts, next to single tiers, the oracle,",
      "random mixtures, static per-task routing and a TF-IDF logistic-regression router.",
      "Modes: --train with --test; --train with --folds K; --train with --leave-one-source-out;",
      "--router DIR with --test (a trained artifact)."
    },
    mixinStandardHelpOptions = true)
final class EvalCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--train",
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "Training data: files or folders in any supported format (detected automatically).")
  List<Path> train = List.of();

  @Option(
      names = "--router",
      paramLabel = "DIR",
      description = "Evaluate a trained router artifact on --test instead of training one.")
  Path router;

  @Option(
      names = "--test",
      arity = "1..*",
      paramLabel = "PATH",
      description = "Held-out test data.")
  List<Path> test = List.of();

  @Option(
      names = "--folds",
      paramLabel = "K",
      description = "K-fold cross-validation over --train.")
  int folds;

  @Option(
      names = "--leave-one-source-out",
      description = "Hold out each source (dataset) in turn and train on the others.")
  boolean leaveOneSourceOut;

  @Option(
      names = "--tiers",
      paramLabel = "MODELS|FILE",
      description =
          "Comma-separated models (priced by the data's USD costs) or a tier YAML file. Default: every model labelled on >= 90%% of prompts.")
  String tiers;

  @Option(names = "--json", description = "Print one JSON object instead of tables.")
  boolean json;

  @Option(names = "--no-tfidf", description = "Skip the TF-IDF logistic-regression baseline.")
  boolean noTfidf;

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
      description = "Bundled embedding model id or model directory (default: ${DEFAULT-VALUE}).")
  String embedderModel = EmbedderSettings.DEFAULT_MODEL;

  @Option(names = "--seed", description = "Seed of fold assignment (default: ${DEFAULT-VALUE}).")
  long seed = RouterTrainer.DEFAULT_SEED;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintStream log = System.err;
    if (router != null) {
      return evaluateArtifact(out, log);
    }
    if (train.isEmpty()) {
      throw new IllegalArgumentException(
          "give --train PATH... (or --router DIR with --test PATH...)");
    }
    int modes = (test.isEmpty() ? 0 : 1) + (folds > 0 ? 1 : 0) + (leaveOneSourceOut ? 1 : 0);
    if (modes != 1) {
      throw new IllegalArgumentException(
          "choose exactly one mode: --test PATH..., --folds K, or --leave-one-source-out");
    }
    LabelledDataset trainData = LabelledDatasets.load(train);
    List<RoutingEvaluation.Split> splits = new ArrayList<>();
    LabelledDataset all = trainData;
    if (!test.isEmpty()) {
      LabelledDataset testData = LabelledDatasets.load(test);
      splits.add(new RoutingEvaluation.Split("train/test", trainData, testData));
      all = testData;
    } else if (folds > 0) {
      if (folds < 2) {
        throw new IllegalArgumentException("--folds must be at least 2, got: " + folds);
      }
      List<DatasetSplit> parts = trainData.kFold(folds, seed);
      for (int i = 0; i < parts.size(); i++) {
        splits.add(
            new RoutingEvaluation.Split(
                "fold " + (i + 1) + "/" + folds, parts.get(i).train(), parts.get(i).validation()));
      }
    } else {
      for (Map.Entry<String, DatasetSplit> entry : trainData.leaveOneSourceOut().entrySet()) {
        splits.add(
            new RoutingEvaluation.Split(
                "held out: " + entry.getKey(),
                entry.getValue().train(),
                entry.getValue().validation()));
      }
    }
    List<Tier> tierList = TierSelection.resolve(tiers, all);
    log.println("tiers (cheapest first): " + tierList.stream().map(Tier::name).toList());
    Path work = Files.createTempDirectory("tierwise-eval");
    try (TextEmbedder embedder = CommandEnvironment.cachedEmbedder(embedderModel, log)) {
      RoutingEvaluation evaluation =
          new RoutingEvaluation(embedder, settings(), !noTfidf, work, log);
      EvaluationReport report = evaluation.evaluate(splits, tierList);
      out.println(
          json ? EvaluationReportJson.toJsonString(report) : EvaluationReportTable.render(report));
      out.flush();
    } finally {
      Files.deleteIfExists(work);
    }
    return ExitCode.OK.code();
  }

  private RouterTrainer.Settings settings() {
    KnnFeatureSpec defaults = KnnFeatureSpec.defaults();
    KnnFeatureSpec knn =
        new KnnFeatureSpec(knnK, defaults.thresholds(), defaults.priorWeight(), knnKernelWidth);
    return new RouterTrainer.Settings(knn, RouterTrainer.Settings.defaults().classifier());
  }

  private int evaluateArtifact(PrintWriter out, PrintStream log) {
    if (test.isEmpty() || !train.isEmpty() || folds > 0 || leaveOneSourceOut) {
      throw new IllegalArgumentException("--router DIR evaluates on --test PATH... only");
    }
    LabelledDataset testData = LabelledDatasets.load(test);
    RouterManifest manifest = RouterArtifact.readManifest(router);
    try (TextEmbedder embedder =
            CommandEnvironment.cachedEmbedder(manifest.embedder().modelId(), log);
        RouterArtifact artifact = RouterArtifact.load(router)) {
      EvaluationReport report = RoutingEvaluation.evaluateArtifact(artifact, embedder, testData);
      out.println(
          json ? EvaluationReportJson.toJsonString(report) : EvaluationReportTable.render(report));
      out.flush();
    }
    return ExitCode.OK.code();
  }
}
