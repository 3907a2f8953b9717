package io.tierwise.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import io.tierwise.feedback.DecisionOrigin;
import io.tierwise.feedback.DecisionRecord;
import io.tierwise.feedback.DecisionRecorder;
import io.tierwise.http.ApiException;
import io.tierwise.http.RouterLease;
import io.tierwise.http.RouterSupplier;
import io.tierwise.local.ConfidenceVerdict;
import io.tierwise.local.ContextLengthExceededException;
import io.tierwise.local.GeneratedToken;
import io.tierwise.local.Generation;
import io.tierwise.local.GenerationRequest;
import io.tierwise.local.LocalAttempt;
import io.tierwise.local.LocalAttemptListener;
import io.tierwise.local.LocalOutcome;
import io.tierwise.local.LocalTier;
import io.tierwise.local.LocalTierSaturatedException;
import io.tierwise.local.SaturationPolicy;
import io.tierwise.local.TokenSink;
import io.tierwise.routing.Router;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.tier.Tier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenAI-compatible gateway: {@code POST /v1/chat/completions}, {@code GET /v1/models} and
 * {@code GET /v1/upstreams}.
 *
 * <p>{@code model: "tierwise/auto"} asks the {@link Router} for a tier; a tier name or an upstream
 * model id goes straight to that tier. The request then runs through the tier's fallback chain (see
 * {@link FallbackChain}) with retries and circuit breakers ({@link UpstreamFailover}), its output
 * tokens clamped to each upstream's cap. Responses carry {@code x-tierwise-tier}, {@code
 * x-tierwise-model}, {@code x-tierwise-upstream}, {@code x-tierwise-decision-id} and, when not
 * streaming, {@code x-tierwise-cost-usd} (a stream's cost travels in its usage chunk, since headers
 * precede the body). Every routed request is written to the {@link RequestLog} before its response
 * completes.
 *
 * <p>A tier given to {@link Builder#localTiers(Map)} is answered in-process by its {@link
 * LocalTier}. An answer whose confidence is below the tier's threshold (for a stream: judged on its
 * first tokens, before any byte is sent), a saturated pool configured to escalate, or a model
 * failure discards the local attempt and sends the request to the candidates of the next tier up
 * that has upstreams, with header {@code x-tierwise-escalated-from: <local tier>}; the request's
 * log row lists the local attempt (an {@link AttemptResult.Local} with its tokens and cost) before
 * the upstream attempts. A saturated pool configured to refuse answers 429. Every local attempt is
 * reported to the {@link LocalAttemptListener}.
 *
 * <p>The caller owns the router, the request log, the meter registry and the local tiers; {@link
 * #close()} releases only the upstream connections.
 */
public final class ChatCompletionsService implements HttpService, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ChatCompletionsService.class.getName());

  private final RouterSupplier routers;
  private final ChatRouting chatRouting;
  private final DecisionRecorder decisions;
  private final CompletionListener completionListener;
  private final GatewaySettings settings;
  private final RequestLog requestLog;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final ObjectMapper mapper = new ObjectMapper();
  private final GatewayJson json = new GatewayJson(mapper);
  private final ScheduledExecutorService timer;
  private final Map<String, Upstream> upstreams;
  private final Map<String, Tier> tiers;
  private final FallbackChain chain;
  private final ModelCatalog catalog;
  private final UpstreamFailover failover;
  private final Map<String, LocalTier> localTiers;
  private final Map<String, List<Upstream>> escalations = new LinkedHashMap<>();
  private final LocalAttemptListener localListener;
  private final Map<String, Pricing> localPrices;
  private final LocalCompletions localJson = new LocalCompletions(mapper);
  private volatile boolean closed;

  /** The {@code upstream} a local tier's answers are logged and reported under. */
  static final String LOCAL_UPSTREAM = "local";

  private ChatCompletionsService(Builder b) {
    this.routers = b.routers;
    this.chatRouting = b.chatRouting;
    this.decisions = b.decisions;
    this.completionListener = b.completionListener;
    this.settings = b.settings;
    this.requestLog = b.requestLog;
    this.metrics = new GatewayMetrics(b.meterRegistry);
    this.clock = b.clock;
    this.tiers = new LinkedHashMap<>();
    for (Tier tier : b.tiers) {
      tiers.put(tier.name(), tier);
    }
    try {
      this.chain =
          new FallbackChain(
              List.copyOf(tiers.keySet()), settings.upstreams(), settings.fallbackTiersUp());
    } catch (IllegalArgumentException e) {
      throw new GatewayConfigException(e.getMessage(), e);
    }
    this.localTiers = Map.copyOf(b.localTiers);
    this.localListener = b.localListener;
    this.localPrices = Map.copyOf(b.localPrices);
    for (String local : localTiers.keySet()) {
      if (!tiers.containsKey(local)) {
        throw new GatewayConfigException(
            "local tier '" + local + "' is not a router tier; router tiers: " + tiers.keySet());
      }
    }
    List<String> uncovered =
        chain.tiersWithoutUpstream().stream().filter(t -> !localTiers.containsKey(t)).toList();
    if (!uncovered.isEmpty()) {
      throw new GatewayConfigException(
          "router tiers " + uncovered + " have no upstream in the gateway settings");
    }
    this.catalog = new ModelCatalog(b.tiers, settings.upstreams());
    this.failover = new UpstreamFailover(clock, b.sleeper, b.random, metrics);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tierwise-upstream-timeouts").daemon().factory());
    this.upstreams = new LinkedHashMap<>();
    try {
      for (UpstreamSettings upstream : settings.upstreams()) {
        Optional<ApiKey> key = upstream.apiKey().resolve(b.environment);
        Upstream runtime =
            new Upstream(
                upstream,
                new UpstreamClient(upstream, key, timer),
                new CircuitBreaker(upstream.circuitBreaker(), clock));
        upstreams.put(upstream.name(), runtime);
        metrics.registerCircuit(runtime);
      }
      for (String local : localTiers.keySet()) {
        escalations.put(local, runtime(chain.forTier(escalationTier(local))));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The first tier above {@code local} that is served by upstreams. */
  private String escalationTier(String local) {
    List<String> order = List.copyOf(tiers.keySet());
    for (int i = order.indexOf(local) + 1; i < order.size(); i++) {
      if (!localTiers.containsKey(order.get(i))) {
        return order.get(i);
      }
    }
    throw new GatewayConfigException(
        "local tier '"
            + local
            + "' has no remote tier above it to escalate to; router tiers, cheapest first: "
            + order);
  }

  /**
   * A gateway with the system clock, real sleeps, random jitter and keys from the process
   * environment.
   *
   * @throws GatewayConfigException when a router tier has no upstream, an upstream names an unknown
   *     tier, or an API key cannot be read
   */
  public static ChatCompletionsService create(
      Router router, GatewaySettings settings, RequestLog requestLog, MeterRegistry meterRegistry) {
    return builder()
        .router(router)
        .settings(settings)
        .requestLog(requestLog)
        .meterRegistry(meterRegistry)
        .build();
  }

  /** A builder that also accepts a clock, sleeper, random source and environment (for tests). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .post("/v1/chat/completions", this::chatCompletions)
        .get("/v1/models", this::models)
        .get("/v1/upstreams", this::upstreams);
  }

  /** Circuit state, recent failures and last error of every upstream, in config order. */
  public List<UpstreamStatus> upstreamStatuses() {
    return upstreams.values().stream().map(Upstream::status).toList();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (upstreams != null) {
      upstreams.values().forEach(Upstream::close);
    }
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  // ---- POST /v1/chat/completions ----

  private void chatCompletions(ServerRequest req, ServerResponse res) {
    try {
      handleChatCompletion(req, res);
    } catch (RuntimeException e) {
      // A bug must still answer in the OpenAI shape, which clients know how to surface.
      LOG.log(Level.SEVERE, "chat completion failed unexpectedly", e);
      if (!res.isSent()) {
        sendError(
            res,
            new OpenAiErrorException(500, "api_error", "internal_error", "internal gateway error"),
            Optional.empty());
      }
    }
  }

  private void handleChatCompletion(ServerRequest req, ServerResponse res) {
    Instant received = clock.instant();
    ChatRequest request;
    try {
      request = ChatRequest.parse(readBody(req), mapper);
    } catch (OpenAiErrorException e) {
      sendError(res, e, Optional.empty());
      return;
    }
    Optional<ModelAddress> address = catalog.resolve(request.model());
    if (address.isEmpty()) {
      sendError(
          res,
          new OpenAiErrorException(
              404,
              "invalid_request_error",
              "model_not_found",
              "model '"
                  + request.model()
                  + "' is not served here; GET /v1/models lists "
                  + catalog.modelIds()),
          Optional.empty());
      return;
    }
    String tenant = header(req, "x-tierwise-tenant").orElse("default");
    String workflow = header(req, "x-tierwise-workflow").orElse("");
    Routed routed;
    try {
      routed = route(address.get(), request, header(req, "x-tierwise-tenant"), workflow, received);
    } catch (InvalidRoutingRequestException e) {
      sendError(
          res,
          new OpenAiErrorException(400, "invalid_request_error", e.code(), e.getMessage()),
          Optional.empty());
      return;
    } catch (ApiException e) {
      // No router loaded (yet): the same 503 the routing API answers, so clients retry.
      sendError(
          res,
          new OpenAiErrorException(e.status(), "api_error", e.code(), e.getMessage()),
          Optional.empty());
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "routing failed", e);
      sendError(
          res,
          new OpenAiErrorException(
              500, "api_error", "routing_failed", "routing failed: " + e.getMessage()),
          Optional.empty());
      return;
    }
    RequestContext context =
        new RequestContext(
            routed.decisionId(),
            received,
            tenant,
            workflow,
            request,
            routed.tier(),
            clock,
            List.of(),
            Optional.empty());
    LocalTier local = localTiers.get(routed.tier());
    if (local != null) {
      serveLocally(res, context, local);
      return;
    }
    dispatch(res, context, routed.candidates());
  }

  /** Runs the request through {@code candidates} and answers with what the failover settles on. */
  private void dispatch(ServerResponse res, RequestContext context, List<Upstream> candidates) {
    ChatRequest request = context.request();
    UpstreamReply reply;
    try {
      reply =
          failover.dispatch(
              candidates,
              upstream -> request.forUpstream(upstream, mapper),
              request.stream(),
              context.received().plus(settings.requestTimeout()));
    } catch (AllUpstreamsFailedException e) {
      allFailed(res, context, e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sendError(res, OpenAiErrorException.shuttingDown(), Optional.of(context.decisionId()));
      return;
    }
    switch (reply) {
      case UpstreamReply.Complete complete when complete.status() / 100 == 2 ->
          completed(res, context, complete);
      case UpstreamReply.Complete rejected -> rejected(res, context, rejected);
      case UpstreamReply.Streaming streaming -> streamed(res, context, streaming);
    }
  }

  private Routed route(
      ModelAddress address,
      ChatRequest request,
      Optional<String> tenant,
      String workflow,
      Instant received) {
    return switch (address) {
      case ModelAddress.Auto auto -> {
        RoutingRequest routing = chatRouting.request(request.conversation(), tenant);
        RoutingDecision decision;
        List<Tier> routerTiers;
        // Leased, so a hot reload closes the old router only after this call is done with it.
        try (RouterLease lease = routers.lease()) {
          decision = lease.router().route(routing);
          routerTiers = lease.router().tiers();
        }
        if (!tiers.containsKey(decision.tier())) {
          throw new IllegalStateException("router chose unknown tier '" + decision.tier() + "'");
        }
        decisions.record(
            DecisionRecord.of(
                decision,
                routerTiers,
                routing.prompt(),
                tenant,
                Optional.of(workflow).filter(w -> !w.isEmpty()),
                DecisionOrigin.GATEWAY,
                received));
        yield new Routed(
            decision.decisionId(), decision.tier(), runtime(chain.forTier(decision.tier())));
      }
      case ModelAddress.TierName tier ->
          new Routed(newDecisionId(), tier.tier(), runtime(chain.forTier(tier.tier())));
      case ModelAddress.UpstreamModel model ->
          new Routed(
              newDecisionId(),
              upstreams.get(model.upstream()).tier(),
              runtime(chain.forUpstream(model.upstream())));
    };
  }

  private void completed(ServerResponse res, RequestContext context, UpstreamReply.Complete reply) {
    Upstream upstream = reply.upstream();
    JsonNode parsed;
    try {
      parsed = mapper.readTree(reply.body());
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    if (!(parsed instanceof ObjectNode response) || !response.path("choices").isArray()) {
      String message =
          "upstream '"
              + upstream.name()
              + "' answered "
              + reply.status()
              + " with a body that is not a chat completion";
      writeLog(
          context.record(
              upstream, 502, RequestOutcome.INVALID_UPSTREAM_RESPONSE, reply.attempts(), message));
      sendError(
          res,
          new OpenAiErrorException(502, "upstream_error", "invalid_upstream_response", message),
          Optional.of(context.decisionId()));
      return;
    }
    Usage usage = usageOf(response, context.request());
    if (usage.estimated()) {
      json.putUsage(response, usage);
    }
    double cost = pricing(upstream).costUsd(usage.promptTokens(), usage.completionTokens());
    writeLog(
        context.record(
            upstream,
            reply.status(),
            RequestOutcome.COMPLETED,
            reply.attempts(),
            usage,
            cost,
            Optional.empty()));
    metrics.usage(context.tenant(), upstream.tier(), usage, cost);
    tierwiseHeaders(res, context, upstream, reply.attempts());
    res.header("x-tierwise-cost-usd", formatUsd(cost));
    res.header("x-tierwise-usage-estimated", Boolean.toString(usage.estimated()));
    res.status(reply.status());
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(response.toString().getBytes(StandardCharsets.UTF_8));
    notifyCompleted(context, upstream, response, cost);
  }

  private void notifyCompleted(
      RequestContext context, Upstream upstream, ObjectNode response, double cost) {
    try {
      completionListener.completed(
          new Completion(
              context.decisionId(),
              context.tenant(),
              context.request().model().equals(ModelCatalog.AUTO),
              context.routedTier(),
              upstream.tier(),
              context.request().body().deepCopy(),
              response.path("choices").path(0).path("message").path("content").asText(""),
              cost));
    } catch (RuntimeException e) {
      // The answer is already sent; a listener's bug must not surface as a request failure.
      LOG.log(Level.WARNING, "completion listener failed for " + context.decisionId(), e);
    }
  }

  private void rejected(ServerResponse res, RequestContext context, UpstreamReply.Complete reply) {
    Upstream upstream = reply.upstream();
    String body = reply.body();
    JsonNode parsed;
    try {
      parsed = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      parsed = null;
    }
    String message =
        "upstream '" + upstream.name() + "' refused the request with HTTP " + reply.status();
    if (parsed == null || !parsed.path("error").isObject()) {
      ObjectNode wrapped =
          json.error(
              "invalid_request_error", "upstream_rejected", message + ": " + abbreviate(body));
      body = wrapped.toString();
    } else {
      message += ": " + parsed.path("error").path("message").asText();
    }
    writeLog(
        context.record(
            upstream,
            reply.status(),
            RequestOutcome.REJECTED_BY_UPSTREAM,
            reply.attempts(),
            message));
    tierwiseHeaders(res, context, upstream, reply.attempts());
    res.status(reply.status());
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(body.getBytes(StandardCharsets.UTF_8));
  }

  private void streamed(ServerResponse res, RequestContext context, UpstreamReply.Streaming reply) {
    Upstream upstream = reply.upstream();
    // Closing the upstream exchange also stops generation when the client has gone away.
    try {
      tierwiseHeaders(res, context, upstream, reply.attempts());
      res.status(200);
      res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
      res.header(HeaderNames.CACHE_CONTROL, "no-cache");
      OutputStream out = res.outputStream();
      StreamRelay.Result result =
          new StreamRelay(mapper, context.request(), pricing(upstream), out).relay(reply);
      if (result.outcome() == RequestOutcome.STREAM_INTERRUPTED) {
        AttemptResult.Failed failure =
            new AttemptResult.Failed(
                AttemptResult.FailureKind.IO, result.error().orElse("stream interrupted"));
        upstream.breaker().recordFailure();
        upstream.recordError(
            clock.instant(), upstream.tier() + "/" + upstream.name() + ": " + failure.message());
        metrics.upstreamError(upstream, failure);
      }
      writeLog(
          context.record(
              upstream,
              200,
              result.outcome(),
              reply.attempts(),
              result.usage(),
              result.costUsd(),
              result.error()));
      metrics.usage(context.tenant(), upstream.tier(), result.usage(), result.costUsd());
      closeQuietly(out);
    } finally {
      reply.exchange().close();
    }
  }

  private void allFailed(
      ServerResponse res, RequestContext context, AllUpstreamsFailedException e) {
    writeLog(
        context.unserved(503, RequestOutcome.ALL_UPSTREAMS_FAILED, e.attempts(), e.getMessage()));
    res.header("x-tierwise-decision-id", context.decisionId());
    res.header("x-tierwise-tier", context.routedTier());
    context.escalatedFrom().ifPresent(tier -> res.header("x-tierwise-escalated-from", tier));
    sendJson(res, 503, json.allFailed(e));
  }

  // ---- local tiers ----

  private void serveLocally(ServerResponse res, RequestContext context, LocalTier local) {
    ChatRequest request = context.request();
    GenerationRequest generation;
    boolean logprobs;
    try {
      generation = LocalCompletions.generationRequest(request, local.settings());
      logprobs = LocalCompletions.wantsLogprobs(request);
    } catch (OpenAiErrorException e) {
      writeLog(
          context.local(
              local,
              e.status(),
              RequestOutcome.REJECTED_BY_UPSTREAM,
              List.of(),
              Usage.NONE,
              0,
              Optional.of(e.getMessage())));
      res.header("x-tierwise-tier", local.name());
      sendError(res, e, Optional.of(context.decisionId()));
      return;
    }
    if (request.stream()) {
      streamLocally(res, context, local, generation, logprobs);
      return;
    }
    Instant started = clock.instant();
    long deadline = deadlineNanos(context);
    CompletableFuture<Generation> future;
    try {
      future = local.submit(generation, TokenSink.NONE);
    } catch (LocalTierSaturatedException e) {
      saturated(res, context, local, started, e);
      return;
    }
    Generation answer;
    try {
      answer = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      failed(res, context, local, started, "no answer within the request timeout");
      return;
    } catch (ExecutionException e) {
      failed(res, context, local, started, describe(e.getCause()));
      return;
    } catch (CancellationException e) {
      failed(res, context, local, started, "generation cancelled");
      return;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      sendError(res, OpenAiErrorException.shuttingDown(), Optional.of(context.decisionId()));
      return;
    }
    ConfidenceVerdict verdict = local.gate().judge(answer.tokens());
    Usage usage =
        new Usage(answer.usage().promptTokens(), answer.usage().completionTokens(), false);
    if (!verdict.confident()) {
      escalateUnsure(res, context, local, verdict, usage, started);
      return;
    }
    double cost = localPricing(local).costUsd(usage.promptTokens(), usage.completionTokens());
    Attempt attempt = localAttempt(local, LocalOutcome.ANSWERED, usage, cost, verdict, started);
    ObjectNode body =
        localJson.completion(
            "chatcmpl-" + context.decisionId(),
            clock.instant().getEpochSecond(),
            local.modelId(),
            answer,
            logprobs);
    writeLog(
        context.local(
            local, 200, RequestOutcome.COMPLETED, List.of(attempt), usage, cost, Optional.empty()));
    metrics.usage(context.tenant(), local.name(), usage, cost);
    report(
        context, local, started, LocalOutcome.ANSWERED, Optional.of(verdict), false, usage, cost);
    localHeaders(res, context, local, verdict);
    res.header("x-tierwise-cost-usd", formatUsd(cost));
    res.header("x-tierwise-usage-estimated", "false");
    sendJson(res, 200, body);
  }

  /**
   * Streams a local answer once its first {@link
   * io.tierwise.local.LocalTierSettings#streamProbeTokens()} tokens (or the whole answer, if
   * shorter) pass the confidence gate; until then nothing is sent, so a weak start can still
   * escalate with a clean response.
   */
  private void streamLocally(
      ServerResponse res,
      RequestContext context,
      LocalTier local,
      GenerationRequest generation,
      boolean logprobs) {
    Instant started = clock.instant();
    long deadline = deadlineNanos(context);
    LocalStream stream = new LocalStream();
    CompletableFuture<Generation> future;
    try {
      future = local.submit(generation, stream);
    } catch (LocalTierSaturatedException e) {
      saturated(res, context, local, started, e);
      return;
    }
    stream.follow(future);
    List<LocalStream.Event> held = new ArrayList<>();
    List<GeneratedToken> probe = new ArrayList<>();
    Generation finishedEarly = null;
    try {
      while (finishedEarly == null && probe.size() < local.settings().streamProbeTokens()) {
        LocalStream.Event event = stream.next(deadline - System.nanoTime());
        if (event == null) {
          future.cancel(true);
          failed(res, context, local, started, "no answer within the request timeout");
          return;
        }
        held.add(event);
        switch (event) {
          case LocalStream.TokenChosen t -> probe.add(t.token());
          case LocalStream.TextFinal t -> {}
          case LocalStream.Finished f -> finishedEarly = f.generation();
          case LocalStream.Failed f -> {
            failed(res, context, local, started, describe(f.error()));
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      sendError(res, OpenAiErrorException.shuttingDown(), Optional.of(context.decisionId()));
      return;
    }
    ConfidenceVerdict verdict =
        local.gate().judge(finishedEarly != null ? finishedEarly.tokens() : probe);
    if (!verdict.confident()) {
      future.cancel(true);
      Usage usage = new Usage(local.promptTokens(generation), probe.size(), false);
      escalateUnsure(res, context, local, verdict, usage, started);
      return;
    }
    localHeaders(res, context, local, verdict);
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    String id = "chatcmpl-" + context.decisionId();
    long created = clock.instant().getEpochSecond();
    String model = local.modelId();
    OutputStream out = res.outputStream();
    LocalCompletions.PendingTokens pending = new LocalCompletions.PendingTokens();
    Generation done = null;
    String failure = null;
    RequestOutcome outcome;
    int streamedTokens = 0;
    try {
      sse(out, localJson.chunk(id, created, model, "assistant", "", List.of(), false, null));
      int next = 0;
      while (done == null && failure == null) {
        LocalStream.Event event;
        if (next < held.size()) {
          event = held.get(next++);
        } else {
          event = stream.next(deadline - System.nanoTime());
          if (event == null) {
            future.cancel(true);
            failure = "no complete answer within the request timeout";
            break;
          }
        }
        switch (event) {
          case LocalStream.TokenChosen t -> {
            pending.add(t.token());
            streamedTokens++;
          }
          case LocalStream.TextFinal t ->
              sse(
                  out,
                  localJson.chunk(
                      id, created, model, null, t.delta(), pending.take(), logprobs, null));
          case LocalStream.Finished f -> done = f.generation();
          case LocalStream.Failed f -> failure = describe(f.error());
        }
      }
      if (done != null) {
        sse(
            out,
            localJson.chunk(
                id,
                created,
                model,
                null,
                null,
                pending.take(),
                logprobs,
                done.finishReason().wireName()));
        if (context.request().includeUsage()) {
          Usage usage =
              new Usage(done.usage().promptTokens(), done.usage().completionTokens(), false);
          sse(
              out,
              localJson.usageChunk(
                  id,
                  created,
                  model,
                  usage,
                  localPricing(local).costUsd(usage.promptTokens(), usage.completionTokens())));
        }
        writeSse(out, "data: [DONE]\n\n");
        outcome = RequestOutcome.COMPLETED;
      } else {
        ObjectNode event = json.error("api_error", "local_generation_failed", failure);
        sse(out, event);
        outcome = RequestOutcome.STREAM_INTERRUPTED;
      }
    } catch (ClientGone e) {
      future.cancel(true);
      failure = "client disconnected: " + e.getMessage();
      outcome = RequestOutcome.CLIENT_DISCONNECTED;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      failure = "the gateway is shutting down";
      outcome = RequestOutcome.STREAM_INTERRUPTED;
    }
    Usage usage =
        done != null
            ? new Usage(done.usage().promptTokens(), done.usage().completionTokens(), false)
            : new Usage(local.promptTokens(generation), streamedTokens, false);
    double cost = localPricing(local).costUsd(usage.promptTokens(), usage.completionTokens());
    Attempt attempt = localAttempt(local, LocalOutcome.ANSWERED, usage, cost, verdict, started);
    writeLog(
        context.local(
            local, 200, outcome, List.of(attempt), usage, cost, Optional.ofNullable(failure)));
    metrics.usage(context.tenant(), local.name(), usage, cost);
    report(
        context, local, started, LocalOutcome.ANSWERED, Optional.of(verdict), false, usage, cost);
    closeQuietly(out);
  }

  /** The pool refused the request: answer 429, or escalate, as the tier is configured. */
  private void saturated(
      ServerResponse res,
      RequestContext context,
      LocalTier local,
      Instant started,
      LocalTierSaturatedException e) {
    boolean escalate = local.settings().whenSaturated() == SaturationPolicy.ESCALATE;
    Attempt attempt =
        new Attempt(
            local.name(),
            LOCAL_UPSTREAM,
            new AttemptResult.Local(LocalOutcome.SATURATED, 0, 0, 0, OptionalDouble.empty()),
            elapsed(started),
            Optional.empty());
    report(
        context, local, started, LocalOutcome.SATURATED, Optional.empty(), escalate, Usage.NONE, 0);
    if (escalate) {
      escalate(res, context, local, attempt);
      return;
    }
    writeLog(
        context.local(
            local,
            429,
            RequestOutcome.LOCAL_TIER_SATURATED,
            List.of(attempt),
            Usage.NONE,
            0,
            Optional.of(e.getMessage())));
    res.header("x-tierwise-tier", local.name());
    // One generation takes about a second on CPU; sooner than that the pool is still full.
    res.header("Retry-After", "1");
    sendError(
        res,
        new OpenAiErrorException(
            429,
            "rate_limit_error",
            "local_tier_saturated",
            "tier '" + local.name() + "' is busy: " + e.getMessage() + "; retry shortly"),
        Optional.of(context.decisionId()));
  }

  /** The model could not answer (context exceeded, runtime failure, timeout): escalate. */
  private void failed(
      ServerResponse res,
      RequestContext context,
      LocalTier local,
      Instant started,
      String message) {
    LOG.log(
        Level.WARNING, () -> "local tier '" + local.name() + "' failed, escalating: " + message);
    Attempt attempt =
        new Attempt(
            local.name(),
            LOCAL_UPSTREAM,
            new AttemptResult.Local(LocalOutcome.FAILED, 0, 0, 0, OptionalDouble.empty()),
            elapsed(started),
            Optional.empty());
    report(context, local, started, LocalOutcome.FAILED, Optional.empty(), true, Usage.NONE, 0);
    escalate(res, context, local, attempt);
  }

  /** The local answer was too unsure to send: discard it, record its cost, try the next tier. */
  private void escalateUnsure(
      ServerResponse res,
      RequestContext context,
      LocalTier local,
      ConfidenceVerdict verdict,
      Usage usage,
      Instant started) {
    double cost = localPricing(local).costUsd(usage.promptTokens(), usage.completionTokens());
    Attempt attempt =
        localAttempt(local, LocalOutcome.LOW_CONFIDENCE, usage, cost, verdict, started);
    report(
        context,
        local,
        started,
        LocalOutcome.LOW_CONFIDENCE,
        Optional.of(verdict),
        true,
        usage,
        cost);
    escalate(res, context, local, attempt);
  }

  /** Sends the request up to the remote tiers above {@code local}, with its attempt on record. */
  private void escalate(
      ServerResponse res, RequestContext context, LocalTier local, Attempt attempt) {
    dispatch(res, context.escalated(local.name(), attempt), escalations.get(local.name()));
  }

  private Attempt localAttempt(
      LocalTier local,
      LocalOutcome outcome,
      Usage usage,
      double cost,
      ConfidenceVerdict verdict,
      Instant started) {
    OptionalDouble score =
        verdict.confidence().isPresent()
            ? OptionalDouble.of(verdict.score())
            : OptionalDouble.empty();
    return new Attempt(
        local.name(),
        LOCAL_UPSTREAM,
        new AttemptResult.Local(
            outcome, usage.promptTokens(), usage.completionTokens(), cost, score),
        elapsed(started),
        Optional.empty());
  }

  private void report(
      RequestContext context,
      LocalTier local,
      Instant started,
      LocalOutcome outcome,
      Optional<ConfidenceVerdict> verdict,
      boolean escalated,
      Usage usage,
      double cost) {
    metrics.localAttempt(local.name(), outcome, escalated);
    LocalAttempt attempt =
        new LocalAttempt(
            context.decisionId(),
            local.name(),
            local.modelId(),
            context.request().stream(),
            outcome,
            verdict,
            escalated,
            usage.promptTokens(),
            usage.completionTokens(),
            cost,
            elapsed(started));
    try {
      localListener.onLocalAttempt(attempt);
    } catch (RuntimeException e) {
      // The listener records feedback; the client's answer must not depend on it.
      LOG.log(Level.SEVERE, "local attempt listener failed for " + context.decisionId(), e);
    }
  }

  private void localHeaders(
      ServerResponse res, RequestContext context, LocalTier local, ConfidenceVerdict verdict) {
    res.header("x-tierwise-decision-id", context.decisionId());
    res.header("x-tierwise-tier", local.name());
    res.header("x-tierwise-model", local.modelId());
    res.header("x-tierwise-upstream", LOCAL_UPSTREAM);
    res.header("x-tierwise-attempts", "1");
    res.header("x-tierwise-confidence", Double.toString(verdict.score()));
    res.header("x-tierwise-confidence-basis", verdict.basis().label());
  }

  private Pricing localPricing(LocalTier local) {
    Pricing configured = localPrices.get(local.name());
    return configured != null ? configured : Pricing.of(tiers.get(local.name()));
  }

  private long deadlineNanos(RequestContext context) {
    Duration left =
        Duration.between(clock.instant(), context.received().plus(settings.requestTimeout()));
    return System.nanoTime() + Math.max(0, left.toNanos());
  }

  private Duration elapsed(Instant started) {
    Duration d = Duration.between(started, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String describe(Throwable error) {
    if (error instanceof ContextLengthExceededException) {
      return "prompt too long for the local model: " + error.getMessage();
    }
    if (error instanceof CancellationException) {
      return "generation cancelled";
    }
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  private void sse(OutputStream out, JsonNode event) {
    writeSse(out, "data: " + event + "\n\n");
  }

  private static void writeSse(OutputStream out, String event) {
    try {
      out.write(event.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException | UncheckedIOException e) {
      throw new ClientGone(e);
    }
  }

  /** Writing to the client failed: it closed the connection. */
  private static final class ClientGone extends RuntimeException {
    ClientGone(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }

  // ---- GET /v1/models and /v1/upstreams ----

  private void models(ServerRequest req, ServerResponse res) {
    sendJson(res, 200, json.models(catalog.modelIds()));
  }

  private void upstreams(ServerRequest req, ServerResponse res) {
    sendJson(res, 200, json.upstreams(upstreamStatuses()));
  }

  // ---- helpers ----

  private Usage usageOf(ObjectNode response, ChatRequest request) {
    JsonNode usage = response.path("usage");
    if (usage.isObject()
        && usage.path("prompt_tokens").isNumber()
        && usage.path("completion_tokens").isNumber()) {
      return new Usage(
          usage.get("prompt_tokens").asLong(), usage.get("completion_tokens").asLong(), false);
    }
    StringBuilder completion = new StringBuilder();
    for (JsonNode choice : response.path("choices")) {
      completion.append(choice.path("message").path("content").asText(""));
    }
    return new Usage(
        TokenEstimate.of(request.conversation().allText()), TokenEstimate.of(completion), true);
  }

  private Pricing pricing(Upstream upstream) {
    return upstream.settings().pricing().orElseGet(() -> Pricing.of(tiers.get(upstream.tier())));
  }

  private void tierwiseHeaders(
      ServerResponse res, RequestContext context, Upstream upstream, List<Attempt> attempts) {
    res.header("x-tierwise-decision-id", context.decisionId());
    res.header("x-tierwise-tier", upstream.tier());
    res.header("x-tierwise-model", upstream.settings().model());
    res.header("x-tierwise-upstream", upstream.name());
    res.header("x-tierwise-attempts", Integer.toString(context.earlier().size() + attempts.size()));
    context.escalatedFrom().ifPresent(tier -> res.header("x-tierwise-escalated-from", tier));
  }

  private void writeLog(RequestRecord record) {
    try {
      requestLog.append(record);
    } catch (RuntimeException e) {
      // The client's answer matters more than its audit row; the failure is logged loudly.
      LOG.log(Level.SEVERE, "request log write failed for decision " + record.decisionId(), e);
    }
  }

  private List<Upstream> runtime(List<UpstreamSettings> candidates) {
    List<Upstream> list = new ArrayList<>(candidates.size());
    candidates.forEach(c -> list.add(upstreams.get(c.name())));
    return list;
  }

  private void sendError(ServerResponse res, OpenAiErrorException e, Optional<String> decisionId) {
    decisionId.ifPresent(id -> res.header("x-tierwise-decision-id", id));
    sendJson(res, e.status(), json.error(e.type(), e.code(), e.getMessage()));
  }

  private void sendJson(ServerResponse res, int status, JsonNode body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] readBody(ServerRequest req) {
    try (InputStream in = req.content().inputStream()) {
      return in.readAllBytes();
    } catch (IOException | UncheckedIOException e) {
      throw OpenAiErrorException.invalidRequest(
          "unreadable_body", "cannot read request body: " + e.getMessage());
    }
  }

  private static Optional<String> header(ServerRequest req, String name) {
    return req.headers().first(HeaderNames.create(name)).filter(v -> !v.isBlank());
  }

  private static String newDecisionId() {
    return "gw-" + UUID.randomUUID();
  }

  static String formatUsd(double usd) {
    return BigDecimal.valueOf(usd)
        .setScale(10, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException | UncheckedIOException e) {
      // The client left; its request is already logged as such.
    }
  }

  /** The tier choice for one request and the upstreams to try, in order. */
  private record Routed(String decisionId, String tier, List<Upstream> candidates) {}

  /** What is known about a request before any upstream answers; builds its log record. */
  private record RequestContext(
      String decisionId,
      Instant received,
      String tenant,
      String workflow,
      ChatRequest request,
      String routedTier,
      Clock clock,
      List<Attempt> earlier,
      Optional<String> escalatedFrom) {

    RequestContext {
      earlier = List.copyOf(earlier);
    }

    /** The same request after its local attempt was discarded, on its way to the next tier. */
    RequestContext escalated(String fromTier, Attempt localAttempt) {
      List<Attempt> attempts = new ArrayList<>(earlier);
      attempts.add(localAttempt);
      return new RequestContext(
          decisionId,
          received,
          tenant,
          workflow,
          request,
          routedTier,
          clock,
          attempts,
          Optional.of(fromTier));
    }

    /** A request the local tier answered (or refused). */
    RequestRecord local(
        LocalTier local,
        int status,
        RequestOutcome outcome,
        List<Attempt> attempts,
        Usage usage,
        double costUsd,
        Optional<String> error) {
      return build(
          local.name(),
          local.modelId(),
          LOCAL_UPSTREAM,
          status,
          outcome,
          attempts,
          usage,
          costUsd,
          error);
    }

    /** A request an upstream answered (fully, partly, or with a refusal). */
    RequestRecord record(
        Upstream served,
        int status,
        RequestOutcome outcome,
        List<Attempt> attempts,
        Usage usage,
        double costUsd,
        Optional<String> error) {
      return build(
          served.tier(),
          served.settings().model(),
          served.name(),
          status,
          outcome,
          attempts,
          usage,
          costUsd,
          error);
    }

    /** A request an upstream answered without billable output. */
    RequestRecord record(
        Upstream served, int status, RequestOutcome outcome, List<Attempt> attempts, String error) {
      return record(served, status, outcome, attempts, Usage.NONE, 0, Optional.of(error));
    }

    /** A request no upstream answered. */
    RequestRecord unserved(
        int status, RequestOutcome outcome, List<Attempt> attempts, String error) {
      return build("", "", "", status, outcome, attempts, Usage.NONE, 0, Optional.of(error));
    }

    private RequestRecord build(
        String tier,
        String model,
        String upstream,
        int status,
        RequestOutcome outcome,
        List<Attempt> attempts,
        Usage usage,
        double costUsd,
        Optional<String> error) {
      Duration latency = Duration.between(received, clock.instant());
      List<Attempt> all = new ArrayList<>(earlier);
      all.addAll(attempts);
      return new RequestRecord(
          decisionId,
          received,
          tenant,
          workflow,
          request.model(),
          routedTier,
          tier,
          model,
          upstream,
          request.stream(),
          status,
          outcome,
          all,
          usage,
          costUsd,
          latency.isNegative() ? Duration.ZERO : latency,
          error);
    }
  }

  /** Builds a {@link ChatCompletionsService}; router, settings, log and registry are required. */
  public static final class Builder {
    private RouterSupplier routers;
    private List<Tier> tiers;
    private ChatRouting chatRouting = ChatRouting.unconstrained();
    private DecisionRecorder decisions = DecisionRecorder.NONE;
    private CompletionListener completionListener = CompletionListener.NONE;
    private GatewaySettings settings;
    private RequestLog requestLog;
    private MeterRegistry meterRegistry;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private UnaryOperator<String> environment = System::getenv;
    private Map<String, LocalTier> localTiers = Map.of();
    private LocalAttemptListener localListener = LocalAttemptListener.NONE;
    private Map<String, Pricing> localPrices = Map.of();

    private Builder() {}

    /**
     * Tiers answered in-process, by router tier name; each needs a remote tier above it to escalate
     * to. The caller keeps ownership and closes them after the service.
     */
    public Builder localTiers(Map<String, LocalTier> value) {
      this.localTiers = Map.copyOf(Objects.requireNonNull(value, "localTiers"));
      return this;
    }

    /**
     * Prices of local tiers by tier name, e.g. from {@code application.yaml}; a local tier not
     * listed is priced at its router tier's list prices.
     */
    public Builder localPrices(Map<String, Pricing> value) {
      this.localPrices = Map.copyOf(Objects.requireNonNull(value, "localPrices"));
      return this;
    }

    /** Told about every local attempt (e.g. the feedback store); ignores them by default. */
    public Builder localAttemptListener(LocalAttemptListener value) {
      this.localListener = Objects.requireNonNull(value, "localAttemptListener");
      return this;
    }

    /** A fixed router, which the caller owns and closes. */
    public Builder router(Router value) {
      Objects.requireNonNull(value, "router");
      return routers(RouterSupplier.of(value), value.tiers());
    }

    /**
     * The router is obtained from {@code value} per request, so a hot reload applies to the gateway
     * too; {@code routerTiers} are the tiers upstreams are configured for (the routers it serves
     * must choose among them).
     */
    public Builder routers(RouterSupplier value, List<Tier> routerTiers) {
      this.routers = Objects.requireNonNull(value, "routers");
      this.tiers = List.copyOf(Objects.requireNonNull(routerTiers, "routerTiers"));
      return this;
    }

    /** Where {@code tierwise/auto} decisions are reported, e.g. the feedback store. */
    public Builder decisionRecorder(DecisionRecorder value) {
      this.decisions = Objects.requireNonNull(value, "decisionRecorder");
      return this;
    }

    /** Told about every successful non-streaming completion, e.g. the shadow evaluator. */
    public Builder completionListener(CompletionListener value) {
      this.completionListener = Objects.requireNonNull(value, "completionListener");
      return this;
    }

    /**
     * How {@code tierwise/auto} requests become routing requests; by default the conversation's
     * prompt with no tenant constraints.
     */
    public Builder chatRouting(ChatRouting value) {
      this.chatRouting = Objects.requireNonNull(value, "chatRouting");
      return this;
    }

    public Builder settings(GatewaySettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    public Builder requestLog(RequestLog value) {
      this.requestLog = Objects.requireNonNull(value, "requestLog");
      return this;
    }

    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = Objects.requireNonNull(value, "meterRegistry");
      return this;
    }

    /** Time for circuit breakers, budgets, backoff deadlines and log timestamps. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** How retry waits are performed. */
    public Builder sleeper(Sleeper value) {
      this.sleeper = Objects.requireNonNull(value, "sleeper");
      return this;
    }

    /** Uniform [0, 1) source for backoff jitter. */
    public Builder random(DoubleSupplier value) {
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    /** Environment variable lookup for {@link ApiKeySource.Env}. */
    public Builder environment(UnaryOperator<String> value) {
      this.environment = Objects.requireNonNull(value, "environment");
      return this;
    }

    public ChatCompletionsService build() {
      Objects.requireNonNull(routers, "router");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(requestLog, "requestLog");
      Objects.requireNonNull(meterRegistry, "meterRegistry");
      return new ChatCompletionsService(this);
    }
  }
}
