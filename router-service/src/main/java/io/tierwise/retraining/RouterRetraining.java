package io.tierwise.retraining;

import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterArtifactException;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.artifact.ValidationScores;
import io.tierwise.classifier.TierSuccessModel;
import io.tierwise.cost.PromptCostModel;
import io.tierwise.data.DatasetSplit;
import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledPrompt;
import io.tierwise.data.Outcome;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.feedback.OutcomeSource;
import io.tierwise.knn.KnnMemory;
import io.tierwise.knn.KnnMemoryOptions;
import io.tierwise.knn.KnnMemoryWriter;
import io.tierwise.local.ConfidenceCalibration;
import io.tierwise.local.ConfidenceExample;
import io.tierwise.policy.CalibratedPolicy;
import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.TargetCalibration;
import io.tierwise.progress.ProgressLine;
import io.tierwise.routing.Target;
import io.tierwise.scoring.TierScorer;
import io.tierwise.scoring.TierScores;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import io.tierwise.training.LabelledRows;
import io.tierwise.training.RouterTrainer;
import io.tierwise.training.RouterTraining;
import io.tierwise.training.RoutingEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Retrains a served router on labelled outcomes of its traffic, without touching it: reads the
 * parent artifact and one outcome snapshot, copies the parent's kNN memory and appends the new
 * labelled prompts (the held-back most recent ones excepted), retrains the classifier on the base
 * data plus the outcomes, recalibrates the operating point for the target and, when judged local
 * answers with their confidences are given, the local tier's confidence threshold; then compares
 * candidate and parent on the held-back slice with a {@link PromotionRule} and writes a new
 * versioned artifact. The artifact is assembled in a hidden sibling directory and renamed into
 * place in one step, so a reader (a reloading service) never sees half of it.
 *
 * <pre>{@code
 * RouterRetraining.Result r = new RouterRetraining(embedder, PromotionRule.defaults(), System.err)
 *     .retrain(new RouterRetraining.Request(parentDir, JsonlOutcomeSource.of(file),
 *         Optional.empty(), Optional.empty(), new Holdout.Fraction(0.2), outDir, List.of(), 0.9));
 * }</pre>
 */
public final class RouterRetraining {

  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Fewest judged local answers to fit a confidence calibration on (4 parameters). */
  public static final int MIN_LOCAL_EXAMPLES = 20;

  /**
   * What to retrain.
   *
   * @param parent the serving artifact's directory; only read
   * @param outcomes where the labelled outcomes come from; read once
   * @param base the base training data, if the classifier should keep learning from it (the
   *     parent's memory keeps its prompts either way)
   * @param target the operating target; empty means the parent's default target
   * @param holdout which recent outcomes to hold back for the comparison
   * @param out the new artifact's directory, which must not exist
   * @param localAttempts confidences of local-tier answers, keyed by decision id (may be empty)
   * @param localTargetPrecision wanted share of good answers among local answers kept
   */
  public record Request(
      Path parent,
      OutcomeSource outcomes,
      Optional<LabelledDataset> base,
      Optional<Target> target,
      Holdout holdout,
      Path out,
      List<LocalAttempt> localAttempts,
      double localTargetPrecision) {
    public Request {
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(outcomes, "outcomes");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(holdout, "holdout");
      Objects.requireNonNull(out, "out");
      localAttempts = List.copyOf(localAttempts);
      if (!(localTargetPrecision > 0.0 && localTargetPrecision <= 1.0)) {
        throw new IllegalArgumentException(
            "local target precision must be in (0, 1], got: " + localTargetPrecision);
      }
    }
  }

  /**
   * @param directory where the new artifact was written
   * @param manifest its manifest
   * @param verdict the promotion verdict recorded in it
   */
  public record Result(Path directory, RouterManifest manifest, PromotionRule.Verdict verdict) {}

  private final TextEmbedder embedder;
  private final PromotionRule rule;
  private final PrintStream log;

  public RouterRetraining(TextEmbedder embedder, PromotionRule rule, PrintStream log) {
    this.embedder = Objects.requireNonNull(embedder, "embedder");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Retrains and writes the candidate artifact.
   *
   * @throws RouterArtifactException if the parent is missing or corrupt
   * @throws RetrainingException if the outcomes cannot be read, are empty, or leave nothing to
   *     train on, or if {@code out} exists
   */
  public Result retrain(Request request) {
    Objects.requireNonNull(request, "request");
    RouterManifest parentManifest = RouterArtifact.readManifest(request.parent());
    if (!parentManifest.embedder().modelId().equals(embedder.modelId())
        || parentManifest.embedder().dimension() != embedder.dimension()) {
      throw new RetrainingException(
          request.parent()
              + " was trained with embedder "
              + parentManifest.embedder().modelId()
              + ", not "
              + embedder.modelId());
    }
    if (Files.exists(request.out())) {
      throw new RetrainingException(
          request.out() + " already exists; retraining never overwrites an artifact");
    }
    List<LabelledPrompt> snapshot = request.outcomes().labelledOutcomes();
    if (snapshot.isEmpty()) {
      throw new RetrainingException("the outcome snapshot is empty: nothing to retrain on");
    }
    LabelledDataset outcomes;
    try {
      outcomes = LabelledDataset.of(snapshot);
    } catch (IllegalArgumentException e) {
      throw new RetrainingException("outcome snapshot: " + e.getMessage(), e);
    }
    Holdout.Split split = request.holdout().split(snapshot);
    if (split.train().isEmpty()) {
      throw new RetrainingException(
          "all "
              + snapshot.size()
              + " outcomes would be held back ("
              + request.holdout().describe()
              + "); hold back fewer");
    }
    log.println(
        "outcome snapshot: "
            + snapshot.size()
            + " labelled prompts, "
            + split.train().size()
            + " to train on, "
            + split.heldOut().size()
            + " most recent held back");
    Path staging =
        request
            .out()
            .toAbsolutePath()
            .resolveSibling(
                "." + request.out().getFileName() + ".staging-" + ProcessHandle.current().pid());
    RoutingEvaluation.deleteRecursively(staging);
    try (RouterArtifact parent = RouterArtifact.load(request.parent())) {
      Result result = build(request, parent, outcomes, split, staging);
      moveIntoPlace(staging, request.out());
      log.println(
          "wrote "
              + request.out()
              + " (version "
              + result.manifest().version()
              + ", "
              + result.verdict().reason()
              + ")");
      return new Result(request.out(), result.manifest(), result.verdict());
    } finally {
      RoutingEvaluation.deleteRecursively(staging);
    }
  }

  private Result build(
      Request request,
      RouterArtifact parent,
      LabelledDataset outcomes,
      Holdout.Split split,
      Path staging) {
    RouterManifest parentManifest = parent.manifest();
    List<Tier> tiers = parentManifest.tiers();
    List<String> models = tiers.stream().map(Tier::model).toList();
    List<String> tierNames = tiers.stream().map(Tier::name).toList();
    Target target = request.target().orElse(parentManifest.defaultTarget().toTarget());
    TierScorer parentScorer = parent.scorer();
    RouterTrainer trainer =
        new RouterTrainer(
            embedder,
            new RouterTrainer.Settings(
                parentManifest.knn(), RouterTrainer.Settings.defaults().classifier()),
            log);

    // Training data: the base prompts (outcomes win an id clash: they are newer) and the outcomes.
    Set<String> outcomeIds = new HashSet<>();
    outcomes.prompts().forEach(p -> outcomeIds.add(p.id()));
    List<LabelledPrompt> base =
        request.base().map(LabelledDataset::prompts).orElse(List.of()).stream()
            .filter(p -> !outcomeIds.contains(p.id()))
            .toList();
    List<LabelledPrompt> training = new ArrayList<>(base);
    training.addAll(split.train());
    LabelledDataset trainingData = LabelledDataset.of(training);
    LabelledRows rows = LabelledRows.of(trainingData, tiers);
    if (rows.size() == 0) {
      throw new RetrainingException(
          "no outcome to train on is labelled for any of the router's models " + models);
    }
    if (base.isEmpty()) {
      log.println("no base data given: the classifier learns from the outcomes alone");
    }

    Path memoryDir = staging.resolve(RouterArtifact.MEMORY);
    copyMemory(parent.directory().resolve(RouterArtifact.MEMORY), memoryDir);
    List<float[]> trainVectors = embed(rows.texts(), parentScorer);
    Map<String, float[]> vectorOf = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      vectorOf.put(rows.prompts().get(i).id(), trainVectors.get(i));
    }
    int appended = appendOutcomes(memoryDir, split.train(), vectorOf);

    LabelledRows held = LabelledRows.of(LabelledDataset.of(split.heldOut()), tiers);
    List<float[]> heldVectors = embed(held.texts(), parentScorer);

    try (KnnMemory memory =
        KnnMemory.open(
            memoryDir, KnnMemoryOptions.defaults().withFeatureSpec(parentManifest.knn()))) {
      double[][] features = trainer.neighbourFeatures(rows, trainVectors, memory, models);
      PromptCostModel costs = fitCosts(rows, parentScorer.costs());

      // Calibration: a classifier fitted without a validation share scores it, as in training.
      DatasetSplit calibrationSplit =
          trainingData.split(RouterTraining.VALIDATION_SHARE, RouterTrainer.DEFAULT_SEED);
      Set<String> validationIds = new HashSet<>();
      calibrationSplit.validation().prompts().forEach(p -> validationIds.add(p.id()));
      int[] fitRows = rowsWhere(rows, id -> !validationIds.contains(id));
      int[] validationRows = rowsWhere(rows, validationIds::contains);
      if (fitRows.length == 0 || validationRows.length == 0) {
        throw new RetrainingException(
            "too few labelled prompts ("
                + rows.size()
                + ") to hold out a calibration share; add base data or wait for more outcomes");
      }
      log.println(
          "calibration: fitting on "
              + fitRows.length
              + " prompts, scoring "
              + validationRows.length
              + " held out");
      TierSuccessModel calibrationModel =
          trainer.fitClassifier(rows.select(fitRows), select(features, fitRows), models);
      ValidationScores validation =
          validationScores(
              new TierScorer(tiers, memory, calibrationModel, costs, parentScorer.templates()),
              rows.select(validationRows),
              select(trainVectors, validationRows),
              tierNames);
      StringBuilder report = new StringBuilder("Retrained from " + parentManifest.version() + "\n");
      Map<String, RouterManifest.TierValidation> metrics =
          RouterTraining.validationMetrics(validation, rows.select(validationRows), tiers, report);
      TargetCalibration calibration = TargetCalibration.of(new PolicyFamily.Utility());
      CalibratedPolicy policy = calibration.calibrate(validation.toScored(), target);
      log.println("recalibrated operating point: " + policy.explanation());

      log.println("fitting the candidate classifier on all " + rows.size() + " prompts");
      TierSuccessModel classifier = trainer.fitClassifier(rows, features, models);
      classifier.trainingReport().ifPresent(r -> report.append("\n").append(r.render()));
      TierScorer candidate =
          new TierScorer(tiers, memory, classifier, costs, parentScorer.templates());

      CalibratedPolicy parentPolicy = calibration.calibrate(parent.validation().toScored(), target);
      double lambda = parentPolicy.parameter().orElse(policy.parameter().orElse(0.0));
      Comparison comparison =
          compare(
              parentScorer,
              parentPolicy,
              candidate,
              policy,
              held,
              heldVectors,
              OutcomeImputation.fit(rows),
              lambda,
              tierNames);
      PromotionRule.Verdict verdict =
          rule.judge(comparison.before.utility(), comparison.after.utility());
      log.println(
          String.format(
              Locale.ROOT,
              "held-out comparison at %s (lambda %.4g): parent quality %.4f cost $%.4f/1k,"
                  + " candidate quality %.4f cost $%.4f/1k; %s",
              describe(target),
              lambda,
              comparison.before.metrics().quality(),
              comparison.before.metrics().costUsdPer1k(),
              comparison.after.metrics().quality(),
              comparison.after.metrics().costUsdPer1k(),
              verdict.reason()));

      Optional<LocalCalibration> local =
          localCalibration(
              tiers, split.train(), request.localAttempts(), request.localTargetPrecision());

      String createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      String outcomesDigest = outcomes.sha256();
      String baseDigest = base.isEmpty() ? null : LabelledDataset.of(base).sha256();
      String version =
          parentManifest.name()
              + "-"
              + VERSION_TIME.format(Instant.parse(createdAt))
              + "-"
              + sha256(parentManifest.version() + "\n" + baseDigest + "\n" + outcomesDigest)
                  .substring(0, 8);
      Set<String> sources = new TreeSet<>(trainingData.sources());
      RouterManifest manifest =
          new RouterManifest(
              RouterManifest.FORMAT_VERSION,
              parentManifest.name(),
              version,
              parentManifest.version(),
              createdAt,
              parentManifest.embedder(),
              tiers,
              parentManifest.knn(),
              new RouterManifest.CostLine(costs.intercepts(), costs.slopes()),
              parentManifest.templates(),
              RouterManifest.TargetSpec.of(target),
              new RouterManifest.PolicyInfo(
                  "utility",
                  policy.policy().describe(tierNames),
                  policy.validationCostUsdPer1k(),
                  policy.validationQuality(),
                  policy.reachable(),
                  policy.explanation()),
              new RouterManifest.TrainingDataInfo(
                  List.copyOf(sources), rows.size(), validationRows.length, trainingData.sha256()),
              metrics,
              verdict.promotable(),
              new RouterManifest.Retraining(
                  baseDigest,
                  base.size(),
                  outcomesDigest,
                  outcomes.size(),
                  appended,
                  held.size(),
                  request.holdout().describe(),
                  RouterManifest.TargetSpec.of(target),
                  comparison.before.metrics(),
                  comparison.after.metrics(),
                  rule.describe()
                      + String.format(
                          Locale.ROOT, "; lambda %.6g (the parent's at the target)", lambda),
                  verdict.reason()),
              local.map(LocalCalibration::info).orElse(null));
      RouterArtifact.write(staging, manifest, classifier, validation, report.toString());
      if (local.isPresent()) {
        writeFile(
            staging.resolve(RouterArtifact.LOCAL_CONFIDENCE), local.get().calibration().toJson());
      }
      return new Result(staging, manifest, verdict);
    }
  }

  private List<float[]> embed(List<String> texts, TierScorer parentScorer) {
    // The parent's templates are kept, so copied and appended vectors describe prompts alike.
    return embedder.embedAll(texts.stream().map(parentScorer::embeddingText).toList());
  }

  /** Appends the training outcomes to the copied memory; an id already there is replaced. */
  private int appendOutcomes(
      Path memoryDir, List<LabelledPrompt> outcomes, Map<String, float[]> vectorOf) {
    int appended = 0;
    try (KnnMemoryWriter writer = KnnMemoryWriter.openForAppend(memoryDir);
        ProgressLine progress =
            ProgressLine.start("appending outcomes to memory", outcomes.size(), log)) {
      for (LabelledPrompt prompt : outcomes) {
        float[] vector = vectorOf.get(prompt.id());
        if (vector != null) {
          writer.add(prompt.id(), prompt.source(), prompt.task(), vector, prompt.outcomes());
          appended++;
        }
        progress.advance(1);
      }
      writer.commit();
    }
    return appended;
  }

  /**
   * The cost line on the training rows; a tier with no observed or imputable cost there (traffic
   * that never reached it) keeps the parent's line.
   */
  private static PromptCostModel fitCosts(LabelledRows rows, PromptCostModel parent) {
    int[] chars = rows.promptChars();
    double[][] costs = new double[rows.size()][];
    int tiers = parent.tiers();
    boolean[] known = new boolean[tiers];
    for (int i = 0; i < rows.size(); i++) {
      for (int t = 0; t < tiers; t++) {
        known[t] |= !Double.isNaN(rows.costForEstimate()[i][t]);
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      costs[i] = rows.costForEstimate()[i].clone();
      double[] fallback = parent.estimate(chars[i]);
      for (int t = 0; t < tiers; t++) {
        if (!known[t]) {
          costs[i][t] = fallback[t];
        }
      }
    }
    return PromptCostModel.fit(chars, costs);
  }

  private ValidationScores validationScores(
      TierScorer scorer, LabelledRows rows, List<float[]> vectors, List<String> tierNames) {
    int n = rows.size();
    double[][] p = new double[n][];
    double[][] estimated = new double[n][];
    double[][] quality = new double[n][];
    double[][] cost = new double[n][];
    for (int i = 0; i < n; i++) {
      TierScores scores =
          scorer.score(
              rows.texts().get(i), vectors.get(i), Optional.of(rows.prompts().get(i).id()));
      p[i] = scores.probability();
      estimated[i] = scores.estimatedCostUsd();
      quality[i] = rows.quality()[i].clone();
      cost[i] = rows.costUsd()[i].clone();
      for (int t = 0; t < tierNames.size(); t++) {
        // Unobserved tiers count at the model's own prediction, as in RouterTraining.
        if (Double.isNaN(quality[i][t])) {
          quality[i][t] = p[i][t];
        }
        if (Double.isNaN(cost[i][t])) {
          cost[i][t] = estimated[i][t];
        }
      }
    }
    return new ValidationScores(tierNames, p, estimated, quality, cost);
  }

  private record Comparison(HoldoutComparison before, HoldoutComparison after) {}

  private Comparison compare(
      TierScorer parent,
      CalibratedPolicy parentPolicy,
      TierScorer candidate,
      CalibratedPolicy candidatePolicy,
      LabelledRows held,
      List<float[]> vectors,
      OutcomeImputation imputation,
      double lambda,
      List<String> tierNames) {
    int n = held.size();
    int tiers = tierNames.size();
    int[] parentChoice = new int[n];
    int[] candidateChoice = new int[n];
    double[][] imputedQuality = new double[n][tiers];
    double[][] imputedCost = new double[n][tiers];
    boolean[] all = new boolean[tiers];
    java.util.Arrays.fill(all, true);
    List<String> tasks = held.tasks();
    try (ProgressLine progress = ProgressLine.start("comparing on held-back outcomes", n, log)) {
      for (int i = 0; i < n; i++) {
        String text = held.texts().get(i);
        // Leave the prompt itself out of both memories, in case an older artifact already holds it.
        Optional<String> self = Optional.of(held.prompts().get(i).id());
        TierScores before = parent.score(text, vectors.get(i), self);
        TierScores after = candidate.score(text, vectors.get(i), self);
        parentChoice[i] =
            parentPolicy.policy().choose(before.probability(), before.estimatedCostUsd(), all);
        candidateChoice[i] =
            candidatePolicy.policy().choose(after.probability(), after.estimatedCostUsd(), all);
        for (int t = 0; t < tiers; t++) {
          imputedQuality[i][t] = imputation.quality(tasks.get(i), t, before.probability()[t]);
          imputedCost[i][t] = imputation.costUsd(tasks.get(i), t, before.estimatedCostUsd()[t]);
        }
        progress.advance(1);
      }
    }
    return new Comparison(
        HoldoutComparison.of(
            parentChoice,
            held.quality(),
            held.costUsd(),
            imputedQuality,
            imputedCost,
            lambda,
            tierNames),
        HoldoutComparison.of(
            candidateChoice,
            held.quality(),
            held.costUsd(),
            imputedQuality,
            imputedCost,
            lambda,
            tierNames));
  }

  private record LocalCalibration(
      ConfidenceCalibration calibration, RouterManifest.LocalConfidenceInfo info) {}

  /**
   * Fits the local tier's confidence calibration on judged local answers of the training outcomes
   * and picks the threshold for the target precision; empty (and said so) when there is no local
   * tier, no attempt, or too few judged answers of both kinds.
   */
  private Optional<LocalCalibration> localCalibration(
      List<Tier> tiers, List<LabelledPrompt> outcomes, List<LocalAttempt> attempts, double target) {
    if (attempts.isEmpty()) {
      return Optional.empty();
    }
    Optional<Tier> local = tiers.stream().filter(t -> t.kind() == TierKind.LOCAL).findFirst();
    if (local.isEmpty()) {
      log.println("local attempts given, but the router has no local tier: threshold not refitted");
      return Optional.empty();
    }
    Map<String, LabelledPrompt> byId = new HashMap<>();
    outcomes.forEach(p -> byId.put(p.id(), p));
    List<ConfidenceExample> examples = new ArrayList<>();
    for (LocalAttempt attempt : attempts) {
      LabelledPrompt prompt = byId.get(attempt.decisionId());
      Outcome outcome = prompt == null ? null : prompt.outcome(local.get().model());
      if (outcome != null) {
        examples.add(new ConfidenceExample(attempt.confidence(), outcome.quality() >= 0.5));
      }
    }
    long good = examples.stream().filter(ConfidenceExample::good).count();
    if (examples.size() < MIN_LOCAL_EXAMPLES || good == 0 || good == examples.size()) {
      log.println(
          "local confidence threshold not refitted: "
              + examples.size()
              + " judged local answers ("
              + good
              + " good), need "
              + MIN_LOCAL_EXAMPLES
              + " with both good and bad");
      return Optional.empty();
    }
    ConfidenceCalibration calibration = ConfidenceCalibration.fit(examples);
    double[] p =
        examples.stream().mapToDouble(e -> calibration.probabilityGood(e.confidence())).toArray();
    boolean[] labels = new boolean[examples.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = examples.get(i).good();
    }
    LocalConfidenceThreshold.Choice choice =
        LocalConfidenceThreshold.forPrecision(p, labels, target);
    log.println("local tier '" + local.get().name() + "': " + choice.describe());
    return Optional.of(
        new LocalCalibration(
            calibration,
            new RouterManifest.LocalConfidenceInfo(
                local.get().name(),
                examples.size(),
                target,
                choice.minProbability(),
                choice.precision(),
                choice.coverage())));
  }

  private static void copyMemory(Path from, Path to) {
    if (!Files.isDirectory(from)) {
      throw new RouterArtifactException("router artifact has no kNN memory: " + from);
    }
    try {
      Files.createDirectories(to);
      try (Stream<Path> files = Files.list(from)) {
        for (Path file : files.toList()) {
          // A lock file belongs to a writer of the source, never to the copy.
          if (Files.isRegularFile(file) && !file.getFileName().toString().equals("write.lock")) {
            Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy kNN memory " + from + ": " + e.getMessage(), e);
    }
  }

  private static void moveIntoPlace(Path staging, Path out) {
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot move " + staging + " to " + out + ": " + e.getMessage(), e);
    }
  }

  private static void writeFile(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static int[] rowsWhere(LabelledRows rows, java.util.function.Predicate<String> keep) {
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (keep.test(rows.prompts().get(i).id())) {
        kept.add(i);
      }
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double[][] select(double[][] values, int[] rows) {
    double[][] out = new double[rows.length][];
    for (int k = 0; k < rows.length; k++) {
      out[k] = values[rows[k]];
    }
    return out;
  }

  private static List<float[]> select(List<float[]> values, int[] rows) {
    List<float[]> out = new ArrayList<>(rows.length);
    for (int row : rows) {
      out.add(values.get(row));
    }
    return out;
  }

  static String describe(Target target) {
    return switch (target) {
      case Target.Quality q -> "quality=" + q.fractionOfTopTier();
      case Target.CostBudget b -> "budget=" + b.maxUsdPer1k();
    };
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
