package io.tierwise.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Decides whether a local answer is good enough to send, from the log-probabilities of the tokens
 * the model chose. An empty answer is never confident: with nothing generated there is no evidence.
 *
 * <pre>{@code
 * ConfidenceGate gate = ConfidenceGate.resolve(Optional.empty(), Optional.of(artifactDir), 0.5, -1.0);
 * if (!gate.judge(generation.tokens()).confident()) { escalate(); }
 * }</pre>
 */
public sealed interface ConfidenceGate {

  /** The calibration file a router artifact may carry for its local tier. */
  String ARTIFACT_FILE = "local-confidence.json";

  /** Judges generated tokens (a whole answer, or a stream's first tokens). */
  ConfidenceVerdict judge(List<GeneratedToken> tokens);

  /** Which number this gate thresholds. */
  ConfidenceBasis basis();

  /** The least score that passes. */
  double threshold();

  /**
   * A calibrated gate: P(good) from {@code calibration} must reach {@code minProbabilityGood}.
   *
   * @param calibration fitted on labelled local answers
   * @param minProbabilityGood in [0, 1]
   */
  record Calibrated(ConfidenceCalibration calibration, double minProbabilityGood)
      implements ConfidenceGate {
    public Calibrated {
      Objects.requireNonNull(calibration, "calibration");
      if (!(minProbabilityGood >= 0.0 && minProbabilityGood <= 1.0)) {
        throw new IllegalArgumentException(
            "minProbabilityGood must be in [0, 1], got: " + minProbabilityGood);
      }
    }

    @Override
    public ConfidenceVerdict judge(List<GeneratedToken> tokens) {
      Objects.requireNonNull(tokens, "tokens");
      if (tokens.isEmpty()) {
        return empty(ConfidenceBasis.CALIBRATED, minProbabilityGood);
      }
      AnswerConfidence confidence = AnswerConfidence.of(logprobs(tokens), calibration.firstN());
      double p = calibration.probabilityGood(confidence);
      return new ConfidenceVerdict(
          Optional.of(confidence),
          OptionalDouble.of(p),
          ConfidenceBasis.CALIBRATED,
          p,
          minProbabilityGood,
          p >= minProbabilityGood);
    }

    @Override
    public ConfidenceBasis basis() {
      return ConfidenceBasis.CALIBRATED;
    }

    @Override
    public double threshold() {
      return minProbabilityGood;
    }
  }

  /**
   * The fallback when no calibration exists: the mean token log-probability must reach {@code
   * minMeanLogprob}.
   *
   * @param minMeanLogprob a finite number <= 0
   */
  record MeanLogprob(double minMeanLogprob) implements ConfidenceGate {
    public MeanLogprob {
      if (!(minMeanLogprob <= 0.0) || Double.isInfinite(minMeanLogprob)) {
        throw new IllegalArgumentException(
            "minMeanLogprob must be a finite number <= 0, got: " + minMeanLogprob);
      }
    }

    @Override
    public ConfidenceVerdict judge(List<GeneratedToken> tokens) {
      Objects.requireNonNull(tokens, "tokens");
      if (tokens.isEmpty()) {
        return empty(ConfidenceBasis.MEAN_LOGPROB, minMeanLogprob);
      }
      AnswerConfidence confidence =
          AnswerConfidence.of(logprobs(tokens), AnswerConfidence.DEFAULT_FIRST_N);
      double mean = confidence.meanLogprob();
      return new ConfidenceVerdict(
          Optional.of(confidence),
          OptionalDouble.empty(),
          ConfidenceBasis.MEAN_LOGPROB,
          mean,
          minMeanLogprob,
          mean >= minMeanLogprob);
    }

    @Override
    public ConfidenceBasis basis() {
      return ConfidenceBasis.MEAN_LOGPROB;
    }

    @Override
    public double threshold() {
      return minMeanLogprob;
    }
  }

  /**
   * The gate for a local tier: a calibration from {@code calibrationFile} when given (it must
   * exist), else from {@value #ARTIFACT_FILE} in the router artifact when that file exists (with
   * the threshold retraining stored in the artifact's manifest, when there is one), else the
   * uncalibrated mean-logprob threshold.
   *
   * @throws LocalModelException naming the file when a calibration cannot be read
   */
  static ConfidenceGate resolve(
      Optional<Path> calibrationFile,
      Optional<Path> routerArtifact,
      double minProbabilityGood,
      double minMeanLogprob) {
    Objects.requireNonNull(calibrationFile, "calibrationFile");
    Objects.requireNonNull(routerArtifact, "routerArtifact");
    if (calibrationFile.isPresent()) {
      return new Calibrated(readCalibration(calibrationFile.get()), minProbabilityGood);
    }
    Optional<Path> inArtifact =
        routerArtifact.map(dir -> dir.resolve(ARTIFACT_FILE)).filter(Files::isRegularFile);
    if (inArtifact.isPresent()) {
      // Retraining fits the threshold with the calibration (to a target precision of "the local
      // answer was good"); it wins over the configured one so both move together.
      Path artifact = routerArtifact.get();
      double threshold =
          Files.isRegularFile(artifact.resolve(io.tierwise.artifact.RouterArtifact.MANIFEST))
              ? Optional.ofNullable(
                      io.tierwise.artifact.RouterArtifact.readManifest(artifact).localConfidence())
                  .map(io.tierwise.artifact.RouterManifest.LocalConfidenceInfo::minProbability)
                  .orElse(minProbabilityGood)
              : minProbabilityGood;
      return new Calibrated(readCalibration(inArtifact.get()), threshold);
    }
    return new MeanLogprob(minMeanLogprob);
  }

  /**
   * Reads a {@link ConfidenceCalibration#toJson()} file.
   *
   * @throws LocalModelException naming the file and the problem
   */
  static ConfidenceCalibration readCalibration(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new LocalModelException("confidence calibration " + file + " is not a file");
    }
    try {
      return ConfidenceCalibration.fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new LocalModelException(
          "cannot read confidence calibration " + file + ": " + e.getMessage(), e);
    }
  }

  private static ConfidenceVerdict empty(ConfidenceBasis basis, double threshold) {
    return new ConfidenceVerdict(
        Optional.empty(),
        OptionalDouble.empty(),
        basis,
        Double.NEGATIVE_INFINITY,
        threshold,
        false);
  }

  private static double[] logprobs(List<GeneratedToken> tokens) {
    return tokens.stream().mapToDouble(GeneratedToken::logprob).toArray();
  }
}
