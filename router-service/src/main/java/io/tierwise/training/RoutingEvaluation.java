package io.tierwise.training;

import io.tierwise.artifact.RouterArtifact;
import io.tierwise.classifier.TfidfTierScorer;
import io.tierwise.classifier.TfidfVectorizer;
import io.tierwise.data.LabelledDataset;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.eval.EvaluationReport;
import io.tierwise.eval.OperatingCurve;
import io.tierwise.eval.StaticPerTaskBaseline;
import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.ScoredPrompts;
import io.tierwise.scoring.TierScorer;
import io.tierwise.scoring.TierScores;
import io.tierwise.tier.Tier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures a router against its baselines on held-out prompts. Each split trains a fresh router
 * (and each baseline) on its train part and scores its test part; the test predictions of all
 * splits are pooled into one report, so k-fold and leave-one-source-out runs score every prompt
 * exactly once with a model that never saw it.
 */
public final class RoutingEvaluation {

  /** Name of the TF-IDF logistic-regression baseline in reports. */
  public static final String TFIDF_BASELINE = "tfidfLogReg";

  /** Policy parameters tried along each curve. */
  public static final int GRID_SIZE = 201;

  /**
   * One train/test split.
   *
   * @param name shown in progress output, e.g. {@code fold 2/5} or {@code held out: mmlu}
   */
  public record Split(String name, LabelledDataset train, LabelledDataset test) {
    public Split {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(test, "test");
    }
  }

  private final RouterTrainer trainer;
  private final PolicyFamily family = new PolicyFamily.Utility();
  private final boolean withTfidf;
  private final PrintStream log;
  private final Path workDir;

  /**
   * @param workDir scratch directory for the per-split kNN memories
   * @param withTfidf whether to train and report the TF-IDF logistic-regression baseline
   */
  public RoutingEvaluation(
      TextEmbedder embedder,
      RouterTrainer.Settings settings,
      boolean withTfidf,
      Path workDir,
      PrintStream log) {
    this.trainer = new RouterTrainer(embedder, settings, log);
    this.withTfidf = withTfidf;
    this.workDir = Objects.requireNonNull(workDir, "workDir");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** Evaluates over {@code splits}, pooling their test predictions. */
  public EvaluationReport evaluate(List<Split> splits, List<Tier> tiers) {
    Objects.requireNonNull(splits, "splits");
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("at least one split is required");
    }
    Pool router = new Pool();
    Pool perTask = new Pool();
    Pool tfidf = new Pool();
    for (int s = 0; s < splits.size(); s++) {
      Split split = splits.get(s);
      log.println(
          "["
              + split.name()
              + "] train "
              + split.train().size()
              + " prompts, test "
              + split.test().size());
      evaluateSplit(split, tiers, workDir.resolve("memory-" + s), router, perTask, tfidf);
    }
    List<String> tierNames = tiers.stream().map(Tier::name).toList();
    if (router.quality.isEmpty()) {
      throw new IllegalArgumentException(
          "no test prompt has quality and cost for every tier "
              + tierNames
              + "; check --tiers against the test data");
    }
    ScoredPrompts test = router.toScored(tierNames);
    OperatingCurve routerCurve = OperatingCurve.sweep(family, test, GRID_SIZE);
    OperatingCurve perTaskCurve =
        OperatingCurve.sweep(family, perTask.toScored(tierNames), GRID_SIZE);
    Map<String, OperatingCurve> baselines = new LinkedHashMap<>();
    if (withTfidf) {
      baselines.put(
          TFIDF_BASELINE, OperatingCurve.sweep(family, tfidf.toScored(tierNames), GRID_SIZE));
    }
    return EvaluationReport.create(test, routerCurve, Optional.of(perTaskCurve), baselines);
  }

  /**
   * Evaluates an already trained router on {@code test}: the router's curve and the single-tier,
   * oracle and random baselines (static per-task routing and TF-IDF need training data, so they are
   * left out).
   */
  public static EvaluationReport evaluateArtifact(
      RouterArtifact artifact, TextEmbedder embedder, LabelledDataset test) {
    List<Tier> tiers = artifact.manifest().tiers();
    TierScorer scorer = artifact.scorer();
    LabelledRows rows = LabelledRows.of(test, tiers);
    int[] testRows = rows.completeRows();
    if (testRows.length == 0) {
      throw new IllegalArgumentException(
          "no test prompt is labelled for every model of the router's tiers "
              + tiers.stream().map(Tier::model).toList());
    }
    List<float[]> vectors =
        embedder.embedAll(
            select(rows.texts(), testRows).stream().map(scorer::embeddingText).toList());
    Pool pool = new Pool();
    for (int j = 0; j < testRows.length; j++) {
      int row = testRows[j];
      TierScores scores = scorer.score(rows.texts().get(row), vectors.get(j));
      pool.add(
          scores.probability(),
          scores.estimatedCostUsd(),
          rows.quality()[row],
          rows.costUsd()[row]);
    }
    ScoredPrompts scored = pool.toScored(tiers.stream().map(Tier::name).toList());
    OperatingCurve curve = OperatingCurve.sweep(new PolicyFamily.Utility(), scored, GRID_SIZE);
    return EvaluationReport.create(scored, curve, Optional.empty(), Map.of());
  }

  private void evaluateSplit(
      Split split, List<Tier> tiers, Path memoryDir, Pool router, Pool perTask, Pool tfidf) {
    LabelledRows train = LabelledRows.of(split.train(), tiers);
    LabelledRows test = LabelledRows.of(split.test(), tiers);
    int[] testRows = test.completeRows();
    deleteRecursively(memoryDir);
    try (TierScorer scorer = trainer.train(train, tiers, memoryDir)) {
      List<float[]> vectors =
          trainer
              .embedder()
              .embedAll(
                  select(test.texts(), testRows).stream().map(scorer::embeddingText).toList());
      double[][] estimated = new double[testRows.length][];
      for (int j = 0; j < testRows.length; j++) {
        int row = testRows[j];
        TierScores scores = scorer.score(test.texts().get(row), vectors.get(j));
        estimated[j] = scores.estimatedCostUsd();
        router.add(scores.probability(), estimated[j], test.quality()[row], test.costUsd()[row]);
      }
      staticPerTask(train, test, testRows, tiers, estimated, perTask);
      if (withTfidf) {
        tfidf(train, test, testRows, tiers, estimated, tfidf);
      }
    } finally {
      deleteRecursively(memoryDir);
    }
  }

  private static void staticPerTask(
      LabelledRows train,
      LabelledRows test,
      int[] testRows,
      List<Tier> tiers,
      double[][] estimated,
      Pool pool) {
    int[] trainRows = train.completeRows();
    List<String> tierNames = tiers.stream().map(Tier::name).toList();
    double[][] trainQuality = select(train.quality(), trainRows);
    double[][] trainCost = select(train.costUsd(), trainRows);
    ScoredPrompts trainScored =
        ScoredPrompts.of(tierNames, trainQuality, trainCost, trainQuality, trainCost);
    StaticPerTaskBaseline baseline =
        StaticPerTaskBaseline.fit(trainScored, select(train.tasks(), trainRows));
    List<String> testTasks = select(test.tasks(), testRows);
    for (int j = 0; j < testRows.length; j++) {
      int row = testRows[j];
      String task = testTasks.get(j);
      pool.add(
          baseline.meanQuality(task),
          baseline.meanCostUsd(task),
          test.quality()[row],
          test.costUsd()[row]);
    }
  }

  private void tfidf(
      LabelledRows train,
      LabelledRows test,
      int[] testRows,
      List<Tier> tiers,
      double[][] estimated,
      Pool pool) {
    TfidfTierScorer scorer =
        TfidfTierScorer.train(
            train.texts(),
            tiers.stream().map(Tier::model).toList(),
            train.quality(),
            TfidfVectorizer.Options.defaults(),
            TfidfTierScorer.defaultTrainingOptions(),
            line -> log.println("tf-idf baseline: " + line));
    double[][] probability = scorer.predictAll(select(test.texts(), testRows));
    for (int j = 0; j < testRows.length; j++) {
      int row = testRows[j];
      pool.add(probability[j], estimated[j], test.quality()[row], test.costUsd()[row]);
    }
  }

  /** Test predictions and truths accumulated over splits. */
  private static final class Pool {
    final List<double[]> probability = new ArrayList<>();
    final List<double[]> estimatedCost = new ArrayList<>();
    final List<double[]> quality = new ArrayList<>();
    final List<double[]> trueCost = new ArrayList<>();

    void add(double[] p, double[] estimated, double[] q, double[] cost) {
      probability.add(p);
      estimatedCost.add(estimated);
      quality.add(q);
      trueCost.add(cost);
    }

    ScoredPrompts toScored(List<String> tierNames) {
      return ScoredPrompts.of(
          tierNames,
          probability.toArray(double[][]::new),
          estimatedCost.toArray(double[][]::new),
          quality.toArray(double[][]::new),
          trueCost.toArray(double[][]::new));
    }
  }

  private static <T> List<T> select(List<T> values, int[] rows) {
    List<T> selected = new ArrayList<>(rows.length);
    for (int row : rows) {
      selected.add(values.get(row));
    }
    return selected;
  }

  private static double[][] select(double[][] values, int[] rows) {
    double[][] selected = new double[rows.length][];
    for (int j = 0; j < rows.length; j++) {
      selected[j] = values[rows[j]];
    }
    return selected;
  }

  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete scratch directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
