package io.tierwise.training;

import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.artifact.ValidationScores;
import io.tierwise.classifier.ProbabilityMetrics;
import io.tierwise.classifier.ReliabilityTable;
import io.tierwise.data.DatasetSplit;
import io.tierwise.data.LabelledDataset;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.features.PromptTemplates;
import io.tierwise.policy.CalibratedPolicy;
import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.TargetCalibration;
import io.tierwise.routing.Target;
import io.tierwise.scoring.TierScorer;
import io.tierwise.scoring.TierScores;
import io.tierwise.tier.Tier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a router artifact: holds out a validation split, trains on the rest to learn how the
 * router's probabilities behave on unseen prompts, calibrates the default target there, then trains
 * the served router on all prompts and writes everything (with the held-out scores, so other
 * targets can be calibrated at serving time).
 */
public final class RouterTraining {

  /** Share of prompts held out to calibrate the operating point and report probability quality. */
  public static final double VALIDATION_SHARE = 0.2;

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final RouterTrainer trainer;
  private final TextEmbedder embedder;
  private final RouterTrainer.Settings settings;
  private final PrintStream log;

  public RouterTraining(TextEmbedder embedder, RouterTrainer.Settings settings, PrintStream log) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.log = Objects.requireNonNull(log, "log");
    this.trainer = new RouterTrainer(embedder, settings, log);
  }

  /**
   * Trains and writes the artifact {@code name} to {@code outDir}. The artifact is assembled in a
   * sibling directory and moved into place only when complete; an existing artifact is replaced
   * only if {@code replace} is set.
   */
  public RouterManifest train(
      LabelledDataset data,
      List<Tier> tiers,
      Target target,
      String name,
      Path outDir,
      boolean replace,
      Optional<String> parentVersion) {
    Objects.requireNonNull(data, "data");
    if (Files.exists(outDir) && !replace) {
      throw new IllegalArgumentException(outDir + " already exists; pass --force to replace it");
    }
    Path staging = outDir.resolveSibling(outDir.getFileName() + ".staging");
    RoutingEvaluation.deleteRecursively(staging);
    DatasetSplit split = data.split(VALIDATION_SHARE, RouterTrainer.DEFAULT_SEED);
    log.println(
        "training on "
            + split.train().size()
            + " prompts, calibrating on "
            + split.validation().size()
            + " held out");
    ValidationScores validation;
    Map<String, RouterManifest.TierValidation> metrics;
    StringBuilder report = new StringBuilder();
    Path calibrationMemory = staging.resolve("calibration-memory");
    try (TierScorer scorer =
        trainer.train(LabelledRows.of(split.train(), tiers), tiers, calibrationMemory)) {
      LabelledRows held = LabelledRows.of(split.validation(), tiers);
      validation = score(scorer, held, tiers);
      metrics = validationMetrics(validation, held, tiers, report);
    }
    RoutingEvaluation.deleteRecursively(calibrationMemory);
    CalibratedPolicy policy =
        TargetCalibration.of(new PolicyFamily.Utility()).calibrate(validation.toScored(), target);
    log.println("default operating point: " + policy.explanation());

    LabelledRows all = LabelledRows.of(data, tiers);
    try (TierScorer scorer = trainer.train(all, tiers, staging.resolve(RouterArtifact.MEMORY))) {
      scorer.classifier().trainingReport().ifPresent(r -> report.append("\n").append(r.render()));
      String createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      RouterManifest manifest =
          new RouterManifest(
              RouterManifest.FORMAT_VERSION,
              name,
              name
                  + "-"
                  + VERSION_TIME.format(Instant.parse(createdAt))
                  + "-"
                  + data.sha256().substring(0, 8),
              parentVersion.orElse(null),
              createdAt,
              new RouterManifest.EmbedderInfo(embedder.modelId(), embedder.dimension()),
              tiers,
              settings.knn(),
              new RouterManifest.CostLine(scorer.costs().intercepts(), scorer.costs().slopes()),
              templates(scorer.templates()),
              RouterManifest.TargetSpec.of(target),
              new RouterManifest.PolicyInfo(
                  "utility",
                  policy.policy().describe(tiers.stream().map(Tier::name).toList()),
                  policy.validationCostUsdPer1k(),
                  policy.validationQuality(),
                  policy.reachable(),
                  policy.explanation()),
              new RouterManifest.TrainingDataInfo(
                  List.copyOf(data.sources()),
                  all.size(),
                  validation.probability().length,
                  data.sha256()),
              metrics,
              true);
      RouterArtifact.write(staging, manifest, scorer.classifier(), validation, report.toString());
      replaceDirectory(staging, outDir);
      log.println("wrote " + outDir + " (version " + manifest.version() + ")");
      return manifest;
    }
  }

  /**
   * Scores held-out rows. Rows lack labels for some tiers in multi-source data (MMLU has no
   * small-model answers); there the calibration uses the model's own prediction as the quality and
   * its estimate as the cost, so every held-out prompt counts without inventing outcomes the data
   * does not have.
   */
  private ValidationScores score(TierScorer scorer, LabelledRows rows, List<Tier> tiers) {
    List<float[]> vectors =
        embedder.embedAll(rows.texts().stream().map(scorer::embeddingText).toList());
    int n = rows.size();
    double[][] p = new double[n][];
    double[][] estimated = new double[n][];
    double[][] quality = new double[n][];
    double[][] cost = new double[n][];
    for (int i = 0; i < n; i++) {
      TierScores scores = scorer.score(rows.texts().get(i), vectors.get(i));
      p[i] = scores.probability();
      estimated[i] = scores.estimatedCostUsd();
      quality[i] = rows.quality()[i].clone();
      cost[i] = rows.costUsd()[i].clone();
      for (int t = 0; t < tiers.size(); t++) {
        if (Double.isNaN(quality[i][t])) {
          quality[i][t] = p[i][t];
        }
        if (Double.isNaN(cost[i][t])) {
          cost[i][t] = estimated[i][t];
        }
      }
    }
    return new ValidationScores(
        tiers.stream().map(Tier::name).toList(), p, estimated, quality, cost);
  }

  /**
   * Per-tier Brier, AUC and ECE of held-out probabilities against the labelled rows (tiers without
   * a label are left out), with reliability tables appended to {@code report}.
   */
  public static Map<String, RouterManifest.TierValidation> validationMetrics(
      ValidationScores validation, LabelledRows rows, List<Tier> tiers, StringBuilder report) {
    Map<String, RouterManifest.TierValidation> metrics = new LinkedHashMap<>();
    report.append("Held-out probability quality per tier\n");
    for (int t = 0; t < tiers.size(); t++) {
      List<Double> predicted = new ArrayList<>();
      List<Double> observed = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        double y = rows.quality()[i][t];
        if (!Double.isNaN(y)) {
          predicted.add(validation.probability()[i][t]);
          observed.add(y);
        }
      }
      if (predicted.isEmpty()) {
        continue;
      }
      double[] p = predicted.stream().mapToDouble(Double::doubleValue).toArray();
      double[] y = observed.stream().mapToDouble(Double::doubleValue).toArray();
      double auc = hasBothClasses(y) ? ProbabilityMetrics.rocAuc(p, y) : Double.NaN;
      RouterManifest.TierValidation tier =
          new RouterManifest.TierValidation(
              p.length,
              ProbabilityMetrics.brierScore(p, y),
              Double.isNaN(auc) ? 0.5 : auc,
              ProbabilityMetrics.expectedCalibrationError(p, y));
      metrics.put(tiers.get(t).name(), tier);
      report
          .append("\n")
          .append(tiers.get(t).name())
          .append(": ")
          .append(tier)
          .append("\n")
          .append(ReliabilityTable.of(p, y).render())
          .append("\n");
    }
    return metrics;
  }

  private static boolean hasBothClasses(double[] y) {
    boolean low = false;
    boolean high = false;
    for (double v : y) {
      low |= v < 0.5;
      high |= v >= 0.5;
    }
    return low && high;
  }

  private static List<RouterManifest.TemplatePrefix> templates(PromptTemplates templates) {
    return templates.prefixes().stream()
        .map(p -> new RouterManifest.TemplatePrefix(p.chars(), p.sha256()))
        .toList();
  }

  private static void replaceDirectory(Path staging, Path target) {
    try {
      Path old = target.resolveSibling(target.getFileName() + ".old");
      RoutingEvaluation.deleteRecursively(old);
      if (Files.exists(target)) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      RoutingEvaluation.deleteRecursively(old);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot move " + staging + " to " + target + ": " + e.getMessage(), e);
    }
  }
}
