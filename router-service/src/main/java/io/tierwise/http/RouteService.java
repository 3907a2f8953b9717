package io.tierwise.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.feedback.DecisionOrigin;
import io.tierwise.feedback.DecisionRecord;
import io.tierwise.feedback.DecisionRecorder;
import io.tierwise.routing.Router;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.tier.Tier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The routing-decision API: {@code POST /v1/route} decides one prompt (micro-batched with
 * concurrent calls), {@code POST /v1/route:batch} decides up to {@code server.max-batch-requests}
 * prompts in one {@link Router#routeAll} call.
 */
public final class RouteService implements HttpService {

  private static final System.Logger LOG = System.getLogger(RouteService.class.getName());

  private final TierwiseSettings settings;
  private final RouterSupplier routers;
  private final MicroBatcher<RoutingRequest, RoutingDecision> batcher;
  private final JsonCodec json;
  private final RouteMetrics metrics;
  private final RouteRequestReader reader;
  private final DecisionRecorder decisions;
  private final Clock clock = Clock.systemUTC();

  public RouteService(
      TierwiseSettings settings,
      RouterSupplier routers,
      MicroBatcher<RoutingRequest, RoutingDecision> batcher,
      JsonCodec json,
      RouteMetrics metrics) {
    this(settings, routers, batcher, json, metrics, DecisionRecorder.NONE);
  }

  /**
   * @param decisions where every decision is reported (without waiting for a disk) so feedback can
   *     refer to it
   */
  public RouteService(
      TierwiseSettings settings,
      RouterSupplier routers,
      MicroBatcher<RoutingRequest, RoutingDecision> batcher,
      JsonCodec json,
      RouteMetrics metrics,
      DecisionRecorder decisions) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.routers = Objects.requireNonNull(routers, "routers");
    this.batcher = Objects.requireNonNull(batcher, "batcher");
    this.json = Objects.requireNonNull(json, "json");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.reader = new RouteRequestReader(settings);
    this.decisions = Objects.requireNonNull(decisions, "decisions");
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/v1/route", this::route).post("/v1/route:batch", this::routeBatch);
  }

  private void route(ServerRequest request, ServerResponse response) {
    long start = System.nanoTime();
    RoutingDecision decision;
    RouteCall call;
    List<Tier> tiers;
    // Announced while the body is read and checked, so a batch forming meanwhile waits for it.
    try (MicroBatcher<RoutingRequest, RoutingDecision>.Arrival arrival = batcher.announce()) {
      JsonNode body = json.readBody(request);
      tiers = routers.require().tiers();
      call = reader.read(body, "", tiers);
      audit(request, call);
      decision = await(arrival.submit(call.request()));
    }
    long nanos = System.nanoTime() - start;
    metrics.decided(decision, nanos);
    recordDecision(decision, tiers, call, DecisionOrigin.ROUTE);
    RequestAudit.of(request).decisionId(decision.decisionId());
    json.send(response, RouteResponse.of(decision, RouteResponse.millis(nanos)));
  }

  private void routeBatch(ServerRequest request, ServerResponse response) {
    long start = System.nanoTime();
    JsonNode body = json.readBody(request);
    JsonNode requests = requests(body);
    List<RouteCall> calls = new ArrayList<>(requests.size());
    List<RoutingDecision> decided;
    List<Tier> tiers;
    try (RouterLease lease = routers.lease()) {
      Router router = lease.router();
      tiers = router.tiers();
      for (int i = 0; i < requests.size(); i++) {
        calls.add(reader.read(requests.get(i), "requests[" + i + "].", tiers));
      }
      RequestAudit audit = RequestAudit.of(request).batchSize(calls.size());
      calls.stream().flatMap(c -> c.tenant().stream()).findFirst().ifPresent(audit::tenant);
      decided = router.routeAll(calls.stream().map(RouteCall::request).toList());
    }
    if (decided.size() != calls.size()) {
      throw new IllegalStateException(
          "router returned " + decided.size() + " decisions for " + calls.size() + " requests");
    }
    long nanos = System.nanoTime() - start;
    double millis = RouteResponse.millis(nanos);
    List<RouteResponse> views = new ArrayList<>(decided.size());
    for (int i = 0; i < decided.size(); i++) {
      RoutingDecision decision = decided.get(i);
      metrics.decidedInBatch(decision, nanos);
      recordDecision(decision, tiers, calls.get(i), DecisionOrigin.ROUTE_BATCH);
      views.add(RouteResponse.of(decision, millis));
    }
    json.send(response, new RouteResponse.Batch(views, millis));
  }

  private void recordDecision(
      RoutingDecision decision, List<Tier> tiers, RouteCall call, DecisionOrigin origin) {
    try {
      decisions.record(
          DecisionRecord.of(
              decision,
              tiers,
              call.request().prompt(),
              call.tenant(),
              call.workflow(),
              origin,
              clock.instant()));
    } catch (RuntimeException e) {
      // The caller's decision matters more than its feedback record; the failure is logged loudly.
      LOG.log(System.Logger.Level.ERROR, "cannot record decision " + decision.decisionId(), e);
    }
  }

  private JsonNode requests(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badRequest(
          "invalid_request", "request body must be a JSON object {requests: [...]}");
    }
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!name.equals("requests")) {
                throw ApiException.badRequest(
                    "invalid_request", "unknown field '" + name + "'; known fields: requests");
              }
            });
    JsonNode requests = body.get("requests");
    if (requests == null || !requests.isArray() || requests.isEmpty()) {
      throw ApiException.badRequest(
          "invalid_request", "requests must be a non-empty array of route requests");
    }
    int limit = settings.server().maxBatchRequests();
    if (requests.size() > limit) {
      throw ApiException.badRequest(
          "batch_too_large",
          "requests has "
              + requests.size()
              + " entries; the limit is "
              + limit
              + " (server.max-batch-requests)");
    }
    return requests;
  }

  private static void audit(ServerRequest request, RouteCall call) {
    RequestAudit audit = RequestAudit.of(request);
    call.tenant().ifPresent(audit::tenant);
    call.workflow().ifPresent(audit::workflow);
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("routing failed", cause);
    }
  }
}
