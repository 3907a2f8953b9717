package io.tierwise.gateway;

import io.helidon.config.Config;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the OpenAI-compatible gateway needs to reach its upstreams.
 *
 * <p>Config layout, relative to the node passed to {@link #from(Config)} (usually {@code gateway}):
 *
 * <pre>
 * request-timeout: 120s          # whole request, across every candidate
 * fallback:
 *   tiers-up: 1                  # after a tier fails, try this many tiers above it
 * defaults:                      # any upstream key below, applied where an upstream omits it
 *   timeouts: {connect: 2s, read: 30s, total: 60s}
 *   retry: {max-attempts: 3, base-backoff: 200ms, max-backoff: 5s, jitter: true, max-retry-after: 10s}
 *   circuit-breaker: {failure-threshold: 5, window: 30s, open-duration: 30s, half-open-probes: 1}
 *   max-output-tokens: 4096
 * upstreams:
 *   - name: small-local          # default: the tier name
 *     tier: small                # required: a router tier
 *     base-url: http://127.0.0.1:8000/v1   # required
 *     model: mistral-7b-instruct # default: the tier name
 *     api-key-env: SMALL_API_KEY # or api-key-file: /run/secrets/small; neither = no key
 *     pricing: {input-usd-per-1m: 0.2, output-usd-per-1m: 0.2}   # default: the tier's prices
 *     alternates: [other-upstream]
 *     # plus any key of 'defaults' to override it for this upstream
 * </pre>
 *
 * @param upstreams every upstream, in preference order within a tier
 * @param requestTimeout budget for one client request across all candidates and attempts
 * @param fallbackTiersUp how many tiers above a failed tier are tried before the alternates
 */
public record GatewaySettings(
    List<UpstreamSettings> upstreams, Duration requestTimeout, int fallbackTiersUp) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_FALLBACK_TIERS_UP = 1;

  public GatewaySettings {
    upstreams = List.copyOf(Objects.requireNonNull(upstreams, "upstreams"));
    if (upstreams.isEmpty()) {
      throw new IllegalArgumentException("the gateway needs at least one upstream");
    }
    TimeoutSettings.requirePositive("requestTimeout", requestTimeout);
    if (fallbackTiersUp < 0) {
      throw new IllegalArgumentException("fallbackTiersUp must be >= 0, got: " + fallbackTiersUp);
    }
    Set<String> names = new HashSet<>();
    for (UpstreamSettings upstream : upstreams) {
      if (!names.add(upstream.name())) {
        throw new IllegalArgumentException("duplicate upstream name: " + upstream.name());
      }
    }
    for (UpstreamSettings upstream : upstreams) {
      for (String alternate : upstream.alternates()) {
        if (!names.contains(alternate)) {
          throw new IllegalArgumentException(
              "upstream '"
                  + upstream.name()
                  + "' lists unknown alternate '"
                  + alternate
                  + "'; known upstreams: "
                  + names);
        }
      }
    }
  }

  /** Settings with the default request timeout and fallback depth. */
  public static GatewaySettings of(List<UpstreamSettings> upstreams) {
    return new GatewaySettings(upstreams, DEFAULT_REQUEST_TIMEOUT, DEFAULT_FALLBACK_TIERS_UP);
  }

  /**
   * Binds the layout in the class comment.
   *
   * @throws GatewayConfigException naming the offending key and value
   */
  public static GatewaySettings from(Config gateway) {
    Objects.requireNonNull(gateway, "gateway");
    Config list = gateway.get("upstreams");
    if (!list.exists()) {
      throw new GatewayConfigException("'" + gateway.get("upstreams").key() + "' is required");
    }
    List<Config> nodes;
    try {
      nodes = list.asNodeList().get();
    } catch (RuntimeException e) {
      throw new GatewayConfigException("'" + list.key() + "' must be a list of upstreams", e);
    }
    Config defaults = gateway.get("defaults");
    List<UpstreamSettings> upstreams =
        nodes.stream().map(node -> UpstreamSettings.from(node, defaults)).toList();
    LayeredConfig top = LayeredConfig.of(gateway);
    try {
      return new GatewaySettings(
          upstreams,
          top.duration("request-timeout", DEFAULT_REQUEST_TIMEOUT),
          top.child("fallback").integer("tiers-up", DEFAULT_FALLBACK_TIERS_UP));
    } catch (IllegalArgumentException e) {
      throw new GatewayConfigException("'" + gateway.key() + "': " + e.getMessage(), e);
    }
  }

  /** The upstream with this name. */
  public UpstreamSettings upstream(String name) {
    return upstreams.stream()
        .filter(u -> u.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown upstream: " + name));
  }
}
