package io.tierwise.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.data.LabelledDataset;
import io.tierwise.data.LabelledDatasets;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.retraining.Holdout;
import io.tierwise.retraining.LocalAttempt;
import io.tierwise.retraining.LocalConfidenceThreshold;
import io.tierwise.retraining.PromotionRule;
import io.tierwise.retraining.RouterRetraining;
import io.tierwise.routing.Target;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tierwise retrain}: a serving router + an outcome snapshot (+ base data) → a new versioned
 * router artifact that says whether it may replace the old one.
 */
@Command(
    name = "retrain",
    description =
        "Retrain a router on labelled outcomes of its traffic and write a new versioned artifact,"
            + " marked promotable only if it is not worse than the current router on the most"
            + " recent outcomes.",
    mixinStandardHelpOptions = true)
final class RetrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--router",
      paramLabel = "DIR",
      description = "The current (serving) router artifact; only read (default: models/default).")
  Path router;

  @Option(
      names = "--outcomes",
      required = true,
      paramLabel = "PATH",
      description = "Labelled outcomes of served traffic, oldest first (see --outcomes-format).")
  Path outcomes;

  @Option(
      names = "--outcomes-format",
      paramLabel = "FORMAT",
      description = "auto (default: SQLite header → outcome store, else JSONL), jsonl, or sqlite.")
  OutcomeSourceOption.Format outcomesFormat = OutcomeSourceOption.Format.auto;

  @Option(
      names = "--data",
      arity = "1..*",
      paramLabel = "PATH",
      description = "Base training data the classifier keeps learning from (any supported format).")
  List<Path> data = List.of();

  @Option(
      names = "--target",
      converter = TargetOption.class,
      paramLabel = "quality=F|budget=USD",
      description = "Operating target (default: the current router's default target).")
  Target target;

  static final class HoldoutChoice {
    @Option(
        names = "--holdout-fraction",
        paramLabel = "F",
        description = "Hold back the most recent share F of outcomes (default: 0.2).")
    Double fraction;

    @Option(
        names = "--holdout-recent",
        paramLabel = "N",
        description = "Hold back the N most recent outcomes.")
    Integer recent;
  }

  @ArgGroup(exclusive = true)
  HoldoutChoice holdout;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "New artifact directory, which must not exist (default: <router's parent>/<name>-retrained-<UTC time>).")
  Path out;

  @Option(
      names = "--local-attempts",
      paramLabel = "FILE",
      description =
          "JSONL of local-tier answer confidences by decision id, to refit the local threshold.")
  Path localAttempts;

  @Option(
      names = "--local-precision",
      paramLabel = "P",
      description =
          "Wanted share of good answers among local answers kept (default: ${DEFAULT-VALUE}).")
  double localPrecision = LocalConfidenceThreshold.DEFAULT_TARGET_PRECISION;

  @Override
  public Integer call() throws Exception {
    Path parent = router != null ? router : CommandEnvironment.defaultRouter();
    RouterManifest parentManifest = RouterArtifact.readManifest(parent);
    Optional<LabelledDataset> base =
        data.isEmpty() ? Optional.empty() : Optional.of(LabelledDatasets.load(data));
    Holdout split =
        holdout == null || (holdout.fraction == null && holdout.recent == null)
            ? new Holdout.Fraction(Holdout.DEFAULT_FRACTION)
            : holdout.recent != null
                ? new Holdout.Recent(holdout.recent)
                : new Holdout.Fraction(holdout.fraction);
    List<LocalAttempt> attempts =
        localAttempts == null ? List.of() : LocalAttempt.read(localAttempts);
    // Outcomes are read before the (slow) embedder opens, so a bad file fails at once.
    var source = OutcomeSourceOption.open(outcomes, outcomesFormat);
    var snapshot = source.labelledOutcomes();
    Path outDir = out;
    RouterRetraining.Result result;
    try (TextEmbedder embedder =
        CommandEnvironment.cachedEmbedder(parentManifest.embedder().modelId(), System.err)) {
      if (outDir == null) {
        outDir =
            parent
                .toAbsolutePath()
                .getParent()
                .resolve(
                    parentManifest.name()
                        + "-retrained-"
                        + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                            .withZone(java.time.ZoneOffset.UTC)
                            .format(java.time.Instant.now()));
      }
      result =
          new RouterRetraining(embedder, PromotionRule.defaults(), System.err)
              .retrain(
                  new RouterRetraining.Request(
                      parent,
                      () -> snapshot,
                      base,
                      Optional.ofNullable(target),
                      split,
                      outDir,
                      attempts,
                      localPrecision));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("directory", result.directory().toAbsolutePath().toString());
    summary.put("version", result.manifest().version());
    summary.put("parentVersion", result.manifest().parentVersion());
    summary.put("promotable", result.manifest().promotable());
    summary.put("retraining", result.manifest().retraining());
    summary.put("localConfidence", result.manifest().localConfidence());
    spec.commandLine()
        .getOut()
        .println(
            new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(summary));
    return ExitCode.OK.code();
  }
}
