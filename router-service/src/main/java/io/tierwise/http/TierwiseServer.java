package io.tierwise.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.feedback.DecisionRecorder;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The Tierwise HTTP server (Helidon SE): the routing-decision API ({@code POST /v1/route}, {@code
 * POST /v1/route:batch}), health probes ({@code /health}, {@code /health/ready}), Prometheus {@code
 * /metrics}, and any further services registered on the builder, e.g. the OpenAI-compatible
 * gateway.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = TierwiseServer.newMeterRegistry();
 * RouterSupplier routers = RouterSupplier.loadInBackground(() -> loadRouter(settings));
 * try (TierwiseServer server =
 *     TierwiseServer.builder(settings, routers)
 *         .meterRegistry(registry)
 *         .register(new ChatCompletionsService(settings, routers, registry))
 *         .start()) {
 *   server.awaitClose();
 * }
 * }</pre>
 *
 * Closing the server stops HTTP and the micro-batcher; the {@link RouterSupplier} belongs to the
 * caller, who closes it after the server.
 */
public final class TierwiseServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TierwiseServer.class.getName());

  private final WebServer webServer;
  private final MicroBatcher<RoutingRequest, RoutingDecision> batcher;
  private final PrometheusMeterRegistry registry;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object closeSignal = new Object();

  private TierwiseServer(
      WebServer webServer,
      MicroBatcher<RoutingRequest, RoutingDecision> batcher,
      PrometheusMeterRegistry registry) {
    this.webServer = webServer;
    this.batcher = batcher;
    this.registry = registry;
  }

  /** A service mounted under a path; {@code /} mounts it at the root, as Tierwise's own are. */
  public record Mount(String path, HttpService service) {
    public Mount {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(service, "service");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/', got: " + path);
      }
    }
  }

  /**
   * Starts a server with a fresh meter registry, the configured access log and no extra service.
   */
  public static TierwiseServer start(TierwiseSettings settings, RouterSupplier routers) {
    return builder(settings, routers).start();
  }

  /** A builder for a server with extra services, a shared meter registry or another access log. */
  public static Builder builder(TierwiseSettings settings, RouterSupplier routers) {
    return new Builder(settings, routers);
  }

  /**
   * A Prometheus registry with JVM memory, thread, processor and uptime meters bound; create it
   * first when other services register meters too, and pass it to them and to {@link
   * Builder#meterRegistry}.
   */
  public static PrometheusMeterRegistry newMeterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /**
   * Configures {@code routing} the way the server does: the telemetry filter, the error mapping
   * (one place for all services), then {@code services} in order. Usable with Helidon's test
   * support.
   */
  public static void routing(
      HttpRouting.Builder routing,
      JsonCodec json,
      RequestTelemetry telemetry,
      List<Mount> services) {
    Objects.requireNonNull(routing, "routing");
    routing.addFilter(Objects.requireNonNull(telemetry, "telemetry"));
    new ErrorMapping(json).register(routing);
    for (Mount mount : services) {
      if (mount.path().equals("/")) {
        routing.register(mount.service());
      } else {
        routing.register(mount.path(), mount.service());
      }
    }
  }

  /** The port the server listens on, useful when configured as 0. */
  public int port() {
    return webServer.port();
  }

  /** The base URI, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    String host = webServer.prototype().host();
    String literal = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + literal + ":" + port());
  }

  /** The registry behind {@code /metrics}. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** Blocks until {@link #close()} is called, e.g. from a shutdown hook. */
  public void awaitClose() throws InterruptedException {
    synchronized (closeSignal) {
      while (!closed.get()) {
        closeSignal.wait();
      }
    }
  }

  /** Stops accepting requests, then stops the micro-batcher; safe to call twice. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      webServer.stop();
    } finally {
      batcher.close();
      synchronized (closeSignal) {
        closeSignal.notifyAll();
      }
    }
  }

  /** Assembles and starts a {@link TierwiseServer}. */
  public static final class Builder {

    private final TierwiseSettings settings;
    private final RouterSupplier routers;
    private final List<Mount> extraServices = new ArrayList<>();
    private final List<Consumer<HttpRouting.Builder>> customisers = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private AccessLog accessLog;
    private DecisionRecorder decisions = DecisionRecorder.NONE;

    private Builder(TierwiseSettings settings, RouterSupplier routers) {
      this.settings = Objects.requireNonNull(settings, "settings");
      this.routers = Objects.requireNonNull(routers, "routers");
    }

    /** The registry behind {@code /metrics}; by default {@link #newMeterRegistry()}. */
    public Builder meterRegistry(PrometheusMeterRegistry meterRegistry) {
      this.registry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * Where access-log lines go; by default stdout, or nowhere if {@code server.access-log} is off.
     */
    public Builder accessLog(AccessLog log) {
      this.accessLog = Objects.requireNonNull(log, "log");
      return this;
    }

    /**
     * Where {@code /v1/route} and {@code /v1/route:batch} report their decisions, e.g. the feedback
     * store; by default nowhere.
     */
    public Builder decisionRecorder(DecisionRecorder recorder) {
      this.decisions = Objects.requireNonNull(recorder, "recorder");
      return this;
    }

    /**
     * Adds a service at the root (its rules carry full paths such as {@code /v1/chat/completions}).
     * It shares the server's filter (metrics, access log) and error mapping: throw {@link
     * ApiException} for OpenAI-shaped errors, fill {@link RequestAudit} for the access log.
     */
    public Builder register(HttpService service) {
      return register("/", service);
    }

    /** Adds a service under {@code path}, e.g. {@code /v1}. */
    public Builder register(String path, HttpService service) {
      extraServices.add(new Mount(path, service));
      return this;
    }

    /** Adjusts the routing after Tierwise's own setup, e.g. to add error handlers. */
    public Builder routing(Consumer<HttpRouting.Builder> customiser) {
      customisers.add(Objects.requireNonNull(customiser, "customiser"));
      return this;
    }

    /**
     * Binds the listener and starts serving.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public TierwiseServer start() {
      PrometheusMeterRegistry meters = registry != null ? registry : newMeterRegistry();
      AccessLog log =
          accessLog != null
              ? accessLog
              : settings.server().accessLog() ? AccessLog.toStdout() : AccessLog.disabled();
      JsonCodec json = new JsonCodec(settings.server().maxRequestBytes());
      RouteMetrics routeMetrics = new RouteMetrics(meters);
      MicroBatcher<RoutingRequest, RoutingDecision> batcher =
          MicroBatcher.start(
              "route",
              settings.batching(),
              requests -> {
                try (RouterLease lease = routers.lease()) {
                  return lease.router().routeAll(requests);
                }
              },
              routeMetrics);
      Gauge.builder("tierwise.router.ready", routers, r -> r.current().isPresent() ? 1 : 0)
          .description("1 when the router is loaded and serving, else 0")
          .strongReference(true)
          .register(meters);
      Gauge.builder("tierwise.route.queued", batcher, MicroBatcher::queued)
          .description("Route calls waiting for a micro-batch")
          .strongReference(true)
          .register(meters);
      List<Mount> services = new ArrayList<>();
      services.add(
          new Mount(
              "/", new RouteService(settings, routers, batcher, json, routeMetrics, decisions)));
      services.add(new Mount("/", new HealthService(routers, json)));
      services.add(new Mount("/", new MetricsService(meters)));
      services.addAll(extraServices);
      RequestTelemetry telemetry = new RequestTelemetry(meters, log);
      try {
        WebServer webServer =
            WebServer.builder()
                .host(settings.server().host())
                .port(settings.server().port())
                .routing(
                    routing -> {
                      TierwiseServer.routing(routing, json, telemetry, services);
                      customisers.forEach(c -> c.accept(routing));
                    })
                .build()
                .start();
        if (!webServer.isRunning()) {
          // Helidon logs the cause (e.g. BindException) and returns a stopped server.
          throw new IllegalStateException(
              "cannot listen on "
                  + settings.server().host()
                  + ":"
                  + settings.server().port()
                  + " (port in use or address not available; the log above has the cause)");
        }
        LOG.log(System.Logger.Level.INFO, "Tierwise listening on port " + webServer.port());
        return new TierwiseServer(webServer, batcher, meters);
      } catch (RuntimeException | Error e) {
        batcher.close();
        throw e;
      }
    }
  }
}
