package io.tierwise.serve;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.config.EmbeddingSettings;
import io.tierwise.config.FeedbackSettings;
import io.tierwise.config.ReloadSettings;
import io.tierwise.config.TierSettings;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.OnnxTextEmbedder;
import io.tierwise.feedback.FeedbackService;
import io.tierwise.feedback.FeedbackStore;
import io.tierwise.feedback.ShadowEvaluator;
import io.tierwise.gateway.ChatCompletionsService;
import io.tierwise.gateway.CompletionListener;
import io.tierwise.gateway.GatewaySettings;
import io.tierwise.gateway.Pricing;
import io.tierwise.gateway.RequestLog;
import io.tierwise.gateway.SqliteRequestLog;
import io.tierwise.gateway.TierCaller;
import io.tierwise.http.JsonCodec;
import io.tierwise.http.TierwiseServer;
import io.tierwise.local.LocalTier;
import io.tierwise.local.LocalTierSettings;
import io.tierwise.reload.AdminGuard;
import io.tierwise.reload.AdminService;
import io.tierwise.reload.ArtifactWatcher;
import io.tierwise.reload.ReloadableRouters;
import io.tierwise.routing.LearnedRouter;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The composition root of {@code tierwise serve}: from one {@link TierwiseSettings} it opens the
 * router artifact (loaded in the background, so the listener is up at once and {@code
 * /health/ready} says when routing is, and reloadable through {@code /admin}), the durable request
 * log, the feedback store (decisions of every endpoint, {@code POST /v1/feedback}), the shadow
 * evaluator and the OpenAI-compatible gateway, and starts the HTTP server with all of them.
 *
 * <pre>{@code
 * try (ServingStack stack = ServingStack.start(TierwiseSettings.loadBundled(System.getenv()), home)) {
 *   stack.awaitClose();
 * }
 * }</pre>
 *
 * Closing stops the server first, then releases the artifact watcher, the gateway, the shadow
 * evaluator, the feedback store (committing queued decisions), the request log and the router, in
 * the reverse order of opening.
 */
public final class ServingStack implements AutoCloseable {

  private final TierwiseServer server;
  private final ReloadableRouters routers;
  private final FeedbackStore store;
  private final Deque<AutoCloseable> opened;

  private ServingStack(
      TierwiseServer server,
      ReloadableRouters routers,
      FeedbackStore store,
      Deque<AutoCloseable> opened) {
    this.server = server;
    this.routers = routers;
    this.store = store;
    this.opened = opened;
  }

  /**
   * Opens everything and starts listening.
   *
   * @param home the Tierwise installation, where relative paths that do not exist in the working
   *     directory are looked up (so the shipped {@code models/default} is found from anywhere)
   * @throws io.tierwise.artifact.RouterArtifactException when the router artifact is missing or
   *     unreadable
   * @throws io.tierwise.gateway.GatewayConfigException when the tiers do not match the router's
   * @throws io.tierwise.feedback.FeedbackStoreException when the feedback store cannot be opened
   * @throws IllegalStateException when the address cannot be bound
   */
  public static ServingStack start(TierwiseSettings settings, Path home) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(home, "home");
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      Path artifact = locate(settings.router().artifact(), home);
      // Read synchronously: a wrong path or a corrupt manifest stops the start with one line,
      // and the gateway needs the tier list before the router has finished loading.
      RouterManifest manifest = RouterArtifact.readManifest(artifact);
      EmbedderSettings embedder = embedderSettings(settings.embedder(), home);
      // Reloadable: POST /admin/reload (or polling) swaps in a new artifact while serving.
      ReloadableRouters routers =
          ReloadableRouters.loadInBackground(
              directory -> {
                OnnxTextEmbedder text = OnnxTextEmbedder.open(embedder);
                LearnedRouter router;
                try {
                  router = LearnedRouter.load(directory, text, true);
                } catch (RuntimeException e) {
                  text.close();
                  throw e;
                }
                // The gateway's upstreams were built for the first artifact's tiers; a reload
                // that changes them would route to tiers it cannot reach, so it is refused.
                List<String> expected = manifest.tiers().stream().map(Tier::name).toList();
                List<String> got = router.tiers().stream().map(Tier::name).toList();
                if (!got.equals(expected)) {
                  router.close();
                  throw new IllegalStateException(
                      "artifact "
                          + directory
                          + " has tiers "
                          + got
                          + ", the service was started with "
                          + expected
                          + "; restart to change tiers");
                }
                return router;
              },
              artifact);
      opened.push(routers);
      Path requestLogFile = prepare(settings.gateway().requestLog());
      RequestLog requestLog = SqliteRequestLog.open(requestLogFile);
      opened.push(requestLog);
      PrometheusMeterRegistry registry = TierwiseServer.newMeterRegistry();
      // By default decisions and outcomes share the request log's file, so outcomes get real costs.
      FeedbackSettings feedbackSettings =
          settings
              .feedback()
              .withStore(
                  settings.feedback().store().map(ServingStack::prepare).orElse(requestLogFile));
      FeedbackStore store = FeedbackStore.open(feedbackSettings, registry);
      opened.push(store);
      GatewaySettings gatewaySettings = GatewayUpstreams.from(settings);
      CompletionListener shadow = CompletionListener.NONE;
      if (settings.shadow().share() > 0) {
        TierCaller caller = TierCaller.create(gatewaySettings, manifest.tiers(), System::getenv);
        opened.push(caller);
        ShadowEvaluator evaluator =
            new ShadowEvaluator(
                settings.shadow(),
                caller,
                manifest.tiers(),
                ShadowEvaluator.comparator(settings.shadow(), caller),
                store::recordShadow,
                registry,
                () -> ThreadLocalRandom.current().nextDouble());
        opened.push(evaluator);
        shadow = evaluator;
      }
      // Local models load here, before the listener starts: a wrong folder stops the start with
      // one line, and requests never find a local tier half-loaded.
      Map<String, LocalTier> localTiers = new LinkedHashMap<>();
      Map<String, Pricing> localPrices = new LinkedHashMap<>();
      for (TierSettings tier : settings.tiers()) {
        if (tier.kind() == TierKind.LOCAL) {
          LocalTierSettings local = tier.local().orElseThrow();
          LocalTier localTier =
              LocalTier.open(
                  tier.name(),
                  local.withPaths(
                      locate(local.modelDir(), home),
                      local.calibration().map(file -> locate(file, home))),
                  Optional.of(artifact));
          opened.push(localTier);
          localTiers.put(tier.name(), localTier);
          localPrices.put(
              tier.name(),
              new Pricing(tier.prices().inputUsdPer1M(), tier.prices().outputUsdPer1M()));
        }
      }
      ChatCompletionsService gateway =
          ChatCompletionsService.builder()
              .routers(routers, manifest.tiers())
              .chatRouting(new TenantChatRouting(settings))
              .settings(gatewaySettings)
              .requestLog(requestLog)
              .meterRegistry(registry)
              .decisionRecorder(store)
              .completionListener(shadow)
              .localTiers(localTiers)
              .localPrices(localPrices)
              .localAttemptListener(attempt -> recordLocalAttempt(store, manifest, attempt))
              .build();
      opened.push(gateway);
      Optional<ArtifactWatcher> watcher = watcher(settings.reload(), routers, home);
      watcher.ifPresent(opened::push);
      JsonCodec json = new JsonCodec(settings.server().maxRequestBytes());
      AdminGuard guard = AdminGuard.of(settings.reload().adminToken(System.getenv()));
      TierwiseServer server =
          TierwiseServer.builder(settings, routers)
              .meterRegistry(registry)
              .decisionRecorder(store)
              .register(gateway)
              .register(new FeedbackService(store, json))
              .register(new AdminService(routers, watcher, guard, json))
              .start();
      opened.push(server);
      return new ServingStack(server, routers, store, opened);
    } catch (RuntimeException | Error e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /** The base URI the server listens on. */
  public URI uri() {
    return server.uri();
  }

  /** The router supplier, for readiness checks, reloads and rollbacks. */
  public ReloadableRouters routers() {
    return routers;
  }

  /** The decision and outcome store, e.g. as the {@code OutcomeSource} of retraining. */
  public FeedbackStore feedbackStore() {
    return store;
  }

  /** Blocks until {@link #close()} is called, e.g. from a shutdown hook. */
  public void awaitClose() throws InterruptedException {
    server.awaitClose();
  }

  /** Stops the server, then closes the gateway, local tiers, request log and router; safe twice. */
  @Override
  public void close() {
    RuntimeException failure = new RuntimeException("closing the serving stack failed");
    closeAll(opened, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private static void closeAll(Deque<AutoCloseable> opened, Throwable failure) {
    synchronized (opened) {
      while (!opened.isEmpty()) {
        try {
          opened.pop().close();
        } catch (Exception e) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  /** The artifact watcher {@code reload} asks for: none without a models directory. */
  private static Optional<ArtifactWatcher> watcher(
      ReloadSettings reload, ReloadableRouters routers, Path home) {
    return reload
        .modelsDir()
        .map(dir -> locate(dir, home))
        .map(
            dir ->
                reload.pollInterval().isZero()
                    ? ArtifactWatcher.of(routers, dir)
                    : ArtifactWatcher.polling(routers, dir, reload.pollInterval()));
  }

  /**
   * Labels a local attempt with its confidence under the model the router's tier stands for (not
   * the local model's own name), so retraining joins it with the training data's labels.
   */
  private static void recordLocalAttempt(
      FeedbackStore store, RouterManifest manifest, io.tierwise.local.LocalAttempt attempt) {
    String model =
        manifest.tiers().stream()
            .filter(t -> t.name().equals(attempt.tier()))
            .map(Tier::model)
            .findFirst()
            .orElse(attempt.model());
    io.tierwise.feedback.LocalConfidence.of(
            attempt.decisionId(),
            attempt.tier(),
            model,
            attempt.probabilityGood(),
            attempt.meanLogprob(),
            attempt.escalated(),
            attempt.promptTokens(),
            attempt.completionTokens(),
            attempt.costUsd())
        .ifPresent(store::recordLocalAttempt);
  }

  /** {@code path} as given when absolute or present here, else under the installation. */
  static Path locate(Path path, Path home) {
    if (path.isAbsolute() || Files.exists(path)) {
      return path.toAbsolutePath().normalize();
    }
    return home.resolve(path).toAbsolutePath().normalize();
  }

  private static EmbedderSettings embedderSettings(EmbeddingSettings embedding, Path home) {
    String model =
        embedding.modelDir().map(dir -> locate(dir, home).toString()).orElse(embedding.model());
    // 0 means "let ONNX Runtime choose"; on a server that is one thread per core.
    int threads =
        embedding.intraOpThreads() == 0
            ? Runtime.getRuntime().availableProcessors()
            : embedding.intraOpThreads();
    return new EmbedderSettings(model, threads, embedding.maxLength());
  }

  private static Path prepare(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the directory of the request log " + absolute + ": " + e.getMessage(), e);
    }
    return absolute;
  }
}
