/**
 * The OpenAI-compatible gateway: routes {@code /v1/chat/completions} calls to model tiers and
 * proxies them to upstream OpenAI-compatible endpoints with production resilience.
 *
 * <h2>Wiring</h2>
 *
 * {@link io.tierwise.gateway.ChatCompletionsService#create} takes a {@link
 * io.tierwise.routing.Router}, {@link io.tierwise.gateway.GatewaySettings} (built from {@code
 * application.yaml}'s tiers by {@code io.tierwise.serve.GatewayUpstreams}), a {@link
 * io.tierwise.gateway.RequestLog} (e.g. {@link io.tierwise.gateway.SqliteRequestLog#open}) and a
 * Micrometer {@code MeterRegistry}; the result is a Helidon {@code HttpService} serving {@code POST
 * /v1/chat/completions}, {@code GET /v1/models} and {@code GET /v1/upstreams}. Every router tier
 * needs at least one upstream.
 *
 * <h2>Request flow</h2>
 *
 * <ol>
 *   <li>{@code model} is {@code tierwise/auto} (the router picks a tier from the {@link
 *       io.tierwise.gateway.Conversation#toPrompt() flattened conversation}), a tier name, or an
 *       upstream model id (both bypass the router; their decision ids start with {@code gw-}).
 *   <li>The {@link io.tierwise.gateway.FallbackChain} lists candidates: the tier's upstreams, the
 *       next {@code fallback.tiers-up} tiers up, then the configured alternates.
 *   <li>{@link io.tierwise.gateway.UpstreamFailover} tries each candidate: skip it if its {@link
 *       io.tierwise.gateway.CircuitBreaker} is open; otherwise call it, retrying connect errors,
 *       timeouts, 429 and 5xx with exponential backoff and full jitter ({@code Retry-After} is
 *       honoured exactly; one longer than {@code retry.max-retry-after} or the remaining budget
 *       skips to the next candidate instead of waiting); other 4xx go straight back to the client
 *       (the request is at fault, so another tier would refuse it too). Each upstream has a {@code
 *       timeouts.total} budget across its attempts, the whole request a {@code request-timeout}. If
 *       nothing answers: 503 with {@code error.attempts} listing every attempt.
 *   <li>{@code max_tokens}/{@code max_completion_tokens} are clamped to the serving upstream's
 *       {@code max-output-tokens} ({@code max_tokens} is added when the client sent neither).
 *   <li>Usage comes from the upstream's {@code usage}; without it, tokens are estimated as {@code
 *       ceil(chars / 4)} ({@link io.tierwise.gateway.TokenEstimate}) and flagged estimated ({@code
 *       x-tierwise-usage-estimated: true}, {@code tierwise.usage_estimated} in a stream's usage
 *       chunk, {@code tokens_estimated} in the log). Cost uses the upstream's {@code pricing}, or
 *       the router tier's list prices.
 *   <li>The request is appended to the request log before its response completes.
 * </ol>
 *
 * <h2>Streaming failures</h2>
 *
 * A stream counts as obtained once its first event has arrived from the upstream. Failures before
 * that (connection refused, error status, connection dropped, silence past the read timeout) are
 * retried or fall back like any other, and the client sees nothing of them. After the first event
 * has been relayed the 200 status is committed, so a dropped or stalled upstream ends the client's
 * stream with an error event, {@code data: {"error":{"message":...,"type":"upstream_error",
 * "code":"stream_interrupted"}}}, and no {@code [DONE]}; the official OpenAI SDKs raise it as an
 * {@code APIError}. Tokens the upstream sent just before dropping its connection may be lost (the
 * JDK client discards unread body bytes of a broken connection). The request is logged as {@code
 * STREAM_INTERRUPTED} and counts as a failure for the upstream's circuit breaker.
 *
 * <h2>Headers</h2>
 *
 * Responses carry {@code x-tierwise-decision-id}, {@code x-tierwise-tier} and {@code
 * x-tierwise-model} (of the upstream that served, which differs from the routed tier after a
 * fallback), {@code x-tierwise-upstream} and {@code x-tierwise-attempts}; non-streaming ones also
 * {@code x-tierwise-cost-usd} and {@code x-tierwise-usage-estimated}. A stream's cost travels in
 * its usage chunk ({@code tierwise.cost_usd}) since headers precede the body. Requests may carry
 * {@code x-tierwise-tenant} and {@code x-tierwise-workflow} for accounting.
 *
 * <h2>Metrics</h2>
 *
 * {@code tierwise.gateway.fallbacks{from,to}}, {@code tierwise.gateway.retries{upstream}}, {@code
 * tierwise.gateway.circuit.state{upstream,tier}} (0 closed, 1 half-open, 2 open), {@code
 * tierwise.gateway.upstream.errors{upstream,status}}, {@code
 * tierwise.gateway.upstream.latency{upstream,status}} (histogram), {@code
 * tierwise.gateway.tokens{tenant,tier,direction}} and {@code
 * tierwise.gateway.spend.usd{tenant,tier}}.
 */
package io.tierwise.gateway;
