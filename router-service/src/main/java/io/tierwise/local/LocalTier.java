package io.tierwise.local;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One tier answered inside this process: a local decoder behind a bounded pool, the defaults its
 * requests get, and the gate that decides whether an answer is kept or escalated.
 *
 * <pre>{@code
 * try (LocalTier tier = LocalTier.open("local", settings, Optional.of(artifactDir))) {
 *   Generation g = tier.submit(request, TokenSink.NONE).join();
 *   boolean keep = tier.gate().judge(g.tokens()).confident();
 * }
 * }</pre>
 *
 * <p>Owns its decoder and pool; {@link #close()} closes the pool (failing queued requests), then
 * the decoder.
 */
public final class LocalTier implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalTier.class.getName());

  private final String name;
  private final LocalTierSettings settings;
  private final LocalDecoder decoder;
  private final BoundedGenerationPool pool;
  private final ConfidenceGate gate;

  private LocalTier(
      String name,
      LocalTierSettings settings,
      LocalDecoder decoder,
      BoundedGenerationPool pool,
      ConfidenceGate gate) {
    this.name = name;
    this.settings = settings;
    this.decoder = decoder;
    this.pool = pool;
    this.gate = gate;
  }

  /**
   * Loads the model folder, starts the pool and resolves the confidence gate (see {@link
   * ConfidenceGate#resolve}).
   *
   * @param name the tier's name
   * @param routerArtifact the router artifact directory, which may hold a calibration
   * @throws LocalModelException naming the file when the model or a calibration cannot be loaded
   */
  public static LocalTier open(
      String name, LocalTierSettings settings, Optional<Path> routerArtifact) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(routerArtifact, "routerArtifact");
    ConfidenceGate gate =
        ConfidenceGate.resolve(
            settings.calibration(),
            routerArtifact,
            settings.minProbabilityGood(),
            settings.minMeanLogprob());
    OnnxDecoder decoder = OnnxDecoder.load(settings.modelDir(), settings.decoderOptions());
    try {
      LocalTier tier = of(name, settings, decoder, gate);
      switch (gate) {
        case ConfidenceGate.Calibrated c ->
            LOG.info(
                () ->
                    "local tier '"
                        + name
                        + "' ("
                        + decoder.modelId()
                        + "): escalates below P(good) "
                        + c.minProbabilityGood()
                        + " from a calibration fitted on "
                        + c.calibration().examples()
                        + " examples");
        case ConfidenceGate.MeanLogprob m ->
            LOG.log(
                Level.WARNING,
                () ->
                    "local tier '"
                        + name
                        + "' ("
                        + decoder.modelId()
                        + "): no confidence calibration (none configured and no "
                        + ConfidenceGate.ARTIFACT_FILE
                        + " in the router artifact), so it escalates on the uncalibrated mean"
                        + " token logprob below "
                        + m.minMeanLogprob());
      }
      return tier;
    } catch (RuntimeException e) {
      decoder.close();
      throw e;
    }
  }

  /**
   * A tier over an already loaded decoder, which it then owns; for tests and for callers that share
   * one loading path.
   */
  public static LocalTier of(
      String name, LocalTierSettings settings, LocalDecoder decoder, ConfidenceGate gate) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(gate, "gate");
    if (name.isBlank()) {
      throw new IllegalArgumentException("tier name must not be blank");
    }
    BoundedGenerationPool pool =
        BoundedGenerationPool.create(decoder, settings.workers(), settings.queueCapacity());
    return new LocalTier(name, settings, decoder, pool, gate);
  }

  public String name() {
    return name;
  }

  /** The model's id, e.g. its folder name. */
  public String modelId() {
    return decoder.modelId();
  }

  public LocalTierSettings settings() {
    return settings;
  }

  public ConfidenceGate gate() {
    return gate;
  }

  /** Requests that can still be accepted right now (free workers plus free queue places). */
  public int available() {
    return pool.available();
  }

  /**
   * Queues a generation.
   *
   * @throws LocalTierSaturatedException at once when every worker is busy and the queue is full
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletableFuture<Generation> submit(GenerationRequest request, TokenSink sink) {
    return pool.submit(request, sink);
  }

  /** Tokens the request's prompt takes after the chat template (tokenizes; no generation). */
  public int promptTokens(GenerationRequest request) {
    return decoder.promptTokens(request);
  }

  @Override
  public void close() {
    try {
      pool.close();
    } finally {
      decoder.close();
    }
  }

  @Override
  public String toString() {
    return "LocalTier[" + name + ", " + decoder.modelId() + ", " + gate + "]";
  }
}
