package io.tierwise.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one local tier runs its model (YAML section {@code tiers[i].local} of a tier with {@code
 * kind: local}).
 *
 * @param modelDir folder with {@code model.onnx}, {@code tokenizer.json} and {@code config.json}
 * @param chatTemplate wraps every prompt, for instruct models; empty for base models
 * @param maxNewTokens most tokens one answer may have; a request's {@code max_tokens} is clamped to
 *     it (the tier's {@code max-output-tokens})
 * @param sampling used when a request sets no {@code temperature}, {@code top_p} or {@code seed}
 * @param stopStrings always end an answer, in addition to a request's {@code stop}
 * @param intraOpThreads ONNX Runtime threads per generation step
 * @param workers generations running at once
 * @param queueCapacity requests that may wait for a worker
 * @param whenSaturated what happens to a request that finds workers and queue full
 * @param calibration a {@link ConfidenceCalibration} JSON file; when empty, the router artifact's
 *     {@value ConfidenceGate#ARTIFACT_FILE} is used if it has one
 * @param minProbabilityGood least P(good answer) kept locally when a calibration is available
 * @param minMeanLogprob least mean token log-probability kept locally when no calibration is
 * @param streamProbeTokens tokens generated and judged before a stream's first byte is sent
 */
public record LocalTierSettings(
    Path modelDir,
    Optional<ChatTemplate> chatTemplate,
    int maxNewTokens,
    SamplingParams sampling,
    List<String> stopStrings,
    int intraOpThreads,
    int workers,
    int queueCapacity,
    SaturationPolicy whenSaturated,
    Optional<Path> calibration,
    double minProbabilityGood,
    double minMeanLogprob,
    int streamProbeTokens) {

  public static final int DEFAULT_WORKERS = 1;
  public static final int DEFAULT_QUEUE_CAPACITY = 4;
  public static final SaturationPolicy DEFAULT_WHEN_SATURATED = SaturationPolicy.REFUSE;
  public static final double DEFAULT_MIN_PROBABILITY_GOOD = 0.5;

  /**
   * Mean logprob below which an answer escalates when no calibration exists. Uncalibrated and
   * model-dependent, so only a starting point: greedy 32-token answers of stories260k average about
   * -0.2 to -0.4 on story prompts and -0.8 to -1.0 on finance or trivia questions.
   */
  public static final double DEFAULT_MIN_MEAN_LOGPROB = -0.6;

  /** Enough tokens for the mean to settle past the first word, few enough to start fast. */
  public static final int DEFAULT_STREAM_PROBE_TOKENS = 16;

  public LocalTierSettings {
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(chatTemplate, "chatTemplate");
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be at least 1, got: " + maxNewTokens);
    }
    Objects.requireNonNull(sampling, "sampling");
    stopStrings = List.copyOf(Objects.requireNonNull(stopStrings, "stopStrings"));
    for (String stop : stopStrings) {
      if (stop.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty, got: " + stopStrings);
      }
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException(
          "intraOpThreads must be at least 1, got: " + intraOpThreads);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got: " + workers);
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must be >= 0, got: " + queueCapacity);
    }
    Objects.requireNonNull(whenSaturated, "whenSaturated");
    Objects.requireNonNull(calibration, "calibration");
    if (!(minProbabilityGood >= 0.0 && minProbabilityGood <= 1.0)) {
      throw new IllegalArgumentException(
          "minProbabilityGood must be in [0, 1], got: " + minProbabilityGood);
    }
    if (!(minMeanLogprob <= 0.0) || Double.isInfinite(minMeanLogprob)) {
      throw new IllegalArgumentException(
          "minMeanLogprob must be a finite number <= 0, got: " + minMeanLogprob);
    }
    if (streamProbeTokens < 1) {
      throw new IllegalArgumentException(
          "streamProbeTokens must be at least 1, got: " + streamProbeTokens);
    }
  }

  /** A base model in {@code modelDir} with every other setting at its default. */
  public static LocalTierSettings of(Path modelDir, int maxNewTokens) {
    return new LocalTierSettings(
        modelDir,
        Optional.empty(),
        maxNewTokens,
        SamplingParams.GREEDY,
        List.of(),
        DecoderOptions.DEFAULT_INTRA_OP_THREADS,
        DEFAULT_WORKERS,
        DEFAULT_QUEUE_CAPACITY,
        DEFAULT_WHEN_SATURATED,
        Optional.empty(),
        DEFAULT_MIN_PROBABILITY_GOOD,
        DEFAULT_MIN_MEAN_LOGPROB,
        DEFAULT_STREAM_PROBE_TOKENS);
  }

  public LocalTierSettings withPool(int workers, int queueCapacity) {
    return new LocalTierSettings(
        modelDir,
        chatTemplate,
        maxNewTokens,
        sampling,
        stopStrings,
        intraOpThreads,
        workers,
        queueCapacity,
        whenSaturated,
        calibration,
        minProbabilityGood,
        minMeanLogprob,
        streamProbeTokens);
  }

  public LocalTierSettings withWhenSaturated(SaturationPolicy whenSaturated) {
    return new LocalTierSettings(
        modelDir,
        chatTemplate,
        maxNewTokens,
        sampling,
        stopStrings,
        intraOpThreads,
        workers,
        queueCapacity,
        whenSaturated,
        calibration,
        minProbabilityGood,
        minMeanLogprob,
        streamProbeTokens);
  }

  public LocalTierSettings withConfidence(
      Optional<Path> calibration,
      double minProbabilityGood,
      double minMeanLogprob,
      int streamProbeTokens) {
    return new LocalTierSettings(
        modelDir,
        chatTemplate,
        maxNewTokens,
        sampling,
        stopStrings,
        intraOpThreads,
        workers,
        queueCapacity,
        whenSaturated,
        calibration,
        minProbabilityGood,
        minMeanLogprob,
        streamProbeTokens);
  }

  /** The same settings with the model folder and calibration file at other paths. */
  public LocalTierSettings withPaths(Path modelDir, Optional<Path> calibration) {
    return new LocalTierSettings(
        modelDir,
        chatTemplate,
        maxNewTokens,
        sampling,
        stopStrings,
        intraOpThreads,
        workers,
        queueCapacity,
        whenSaturated,
        calibration,
        minProbabilityGood,
        minMeanLogprob,
        streamProbeTokens);
  }

  /** The decoder options these settings imply (KV cache always on). */
  public DecoderOptions decoderOptions() {
    DecoderOptions options = DecoderOptions.DEFAULT.withIntraOpThreads(intraOpThreads);
    return chatTemplate.map(options::withChatTemplate).orElse(options);
  }
}
