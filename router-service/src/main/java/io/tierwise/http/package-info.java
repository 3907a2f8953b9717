/**
 * The Tierwise HTTP server: the routing-decision API, health probes, metrics and access log, on
 * Helidon SE.
 *
 * <h2>Endpoints</h2>
 *
 * <ul>
 *   <li>{@code POST /v1/route} — body {@code {prompt | messages[], tenant?, workflow?, target?:
 *       {quality | maxCostPer1k}, allowedTiers?, maxTier?, metadata?}}; answers {@code {id, tier,
 *       model, probabilities, estimatedCost, thresholds, reasons, neighbours[{id, similarity}],
 *       routerVersion, failSafe, latencyMs}}. Concurrent calls are micro-batched ({@link
 *       io.tierwise.http.MicroBatcher}); conversations are scored as {@link
 *       io.tierwise.http.ConversationFlattener} describes. {@code metadata} is accepted for the
 *       caller's bookkeeping and neither used nor logged.
 *   <li>{@code POST /v1/route:batch} — body {@code {requests: [...]}} of up to {@code
 *       server.max-batch-requests} route bodies; answers {@code {decisions: [...], latencyMs}} in
 *       request order, routed in one {@code Router.routeAll} call.
 *   <li>{@code GET /health} — 200 while the process serves HTTP.
 *   <li>{@code GET /health/ready} — 200 once the router is loaded, else 503 with {@code loading},
 *       {@code failed} (and why) or {@code closed}.
 *   <li>{@code GET /metrics} — Prometheus text format.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * Every error is {@code {"error": {"message", "type", "code"}}} (OpenAI's shape; {@code type} is
 * {@code invalid_request_error} for 4xx and {@code server_error} for 5xx), mapped in one place,
 * {@link io.tierwise.http.ErrorMapping}. Codes: {@code invalid_json} (400, names line and column),
 * {@code invalid_request} (400, names the field), {@code empty_prompt} (400), {@code
 * prompt_too_long} (400), {@code unknown_tenant} (400), {@code unknown_tier} (400), {@code
 * tier_not_allowed} (400, outside the tenant's tiers), {@code no_eligible_tier} (400), {@code
 * invalid_target} (400), {@code batch_too_large} (400), {@code request_too_large} (413), {@code
 * not_found} (404), {@code router_not_ready} (503, with {@code Retry-After}), {@code
 * internal_error} (500, details only in the server log under a reference).
 *
 * <h2>Extending</h2>
 *
 * Other packages add their endpoints with {@link
 * io.tierwise.http.TierwiseServer.Builder#register(io.helidon.webserver.http.HttpService)}; they
 * share the request metrics, the access log ({@link io.tierwise.http.RequestAudit}), the error
 * mapping ({@link io.tierwise.http.ApiException}) and the meter registry. Decisions of both routing
 * endpoints go to the builder's {@code decisionRecorder} (the feedback store in {@code serve}).
 * Code that routes takes a {@link io.tierwise.http.RouterLease} per call, so a reloadable supplier
 * can retire a router without closing it under a running request.
 */
package io.tierwise.http;
