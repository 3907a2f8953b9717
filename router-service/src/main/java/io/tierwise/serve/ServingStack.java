package io.tierwise.serve;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.config.EmbeddingSettings;
import io.tierwise.config.TierSettings;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.OnnxTextEmbedder;
import io.tierwise.gateway.ChatCompletionsService;
import io.tierwise.gateway.GatewaySettings;
import io.tierwise.gateway.Pricing;
import io.tierwise.gateway.RequestLog;
import io.tierwise.gateway.SqliteRequestLog;
import io.tierwise.http.RouterSupplier;
import io.tierwise.http.TierwiseServer;
import io.tierwise.local.LocalTier;
import io.tierwise.local.LocalTierSettings;
import io.tierwise.routing.LearnedRouter;
import io.tierwise.tier.TierKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The composition root of {@code tierwise serve}: from one {@link TierwiseSettings} it opens the
 * router artifact (loaded in the background, so the listener is up at once and {@code
 * /health/ready} says when routing is), the durable request log and the OpenAI-compatible gateway,
 * and starts the HTTP server with all of them.
 *
 * <pre>{@code
 * try (ServingStack stack = ServingStack.start(TierwiseSettings.loadBundled(System.getenv()), home)) {
 *   stack.awaitClose();
 * }
 * }</pre>
 *
 * Closing stops the server first, then releases the gateway, the local tiers, the request log and
 * reverse order of opening.
 */
public final class ServingStack implements AutoCloseable {

  private final TierwiseServer server;
  private final RouterSupplier routers;
  private final Deque<AutoCloseable> opened;

  private ServingStack(TierwiseServer server, RouterSupplier routers, Deque<AutoCloseable> opened) {
    this.server = server;
    this.routers = routers;
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
      RouterSupplier routers =
          RouterSupplier.loadInBackground(
              () -> {
                OnnxTextEmbedder text = OnnxTextEmbedder.open(embedder);
                try {
                  return LearnedRouter.load(artifact, text, true);
                } catch (RuntimeException e) {
                  text.close();
                  throw e;
                }
              });
      opened.push(routers);
      RequestLog requestLog = SqliteRequestLog.open(prepare(settings.gateway().requestLog()));
      opened.push(requestLog);
      PrometheusMeterRegistry registry = TierwiseServer.newMeterRegistry();
      GatewaySettings gatewaySettings = GatewayUpstreams.from(settings);
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
              .router(new RouterView(routers, manifest.tiers(), manifest.version()))
              .chatRouting(new TenantChatRouting(settings))
              .settings(gatewaySettings)
              .requestLog(requestLog)
              .meterRegistry(registry)
              .localTiers(localTiers)
              .localPrices(localPrices)
              .build();
      opened.push(gateway);
      TierwiseServer server =
          TierwiseServer.builder(settings, routers)
              .meterRegistry(registry)
              .register(gateway)
              .start();
      opened.push(server);
      return new ServingStack(server, routers, opened);
    } catch (RuntimeException | Error e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /** The base URI the server listens on. */
  public URI uri() {
    return server.uri();
  }

  /** The router supplier, for readiness checks. */
  public RouterSupplier routers() {
    return routers;
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
