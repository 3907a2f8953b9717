package io.tierwise.gateway;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the OpenAI-compatible gateway needs to reach its upstreams.
 *
 * <p>Built from {@code application.yaml}'s tiers by {@code serve.GatewayUpstreams}.
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

  /** The upstream with this name. */
  public UpstreamSettings upstream(String name) {
    return upstreams.stream()
        .filter(u -> u.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown upstream: " + name));
  }
}
