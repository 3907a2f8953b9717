package io.tierwise.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the OpenAI-compatible gateway spends a request across tiers and where it keeps its durable
 * request log (YAML section {@code gateway}). Per-upstream behaviour (timeouts, retries, circuit
 * breakers, output caps) lives on each tier.
 *
 * @param requestTimeout budget for one client request across every candidate upstream and attempt
 * @param fallbackTiersUp after the chosen tier fails, how many tiers above it are tried before the
 *     configured {@code fallback-order}
 * @param requestLog SQLite file recording every gateway request with its attempts, tokens and cost;
 *     a relative path resolves against the working directory of the process
 */
public record GatewayOptions(Duration requestTimeout, int fallbackTiersUp, Path requestLog) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_FALLBACK_TIERS_UP = 1;
  public static final Path DEFAULT_REQUEST_LOG = Path.of("var", "requests.sqlite");

  public GatewayOptions {
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(requestLog, "requestLog");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be > 0, got: " + requestTimeout);
    }
    if (fallbackTiersUp < 0) {
      throw new IllegalArgumentException("fallbackTiersUp must be >= 0, got: " + fallbackTiersUp);
    }
  }

  public static GatewayOptions defaults() {
    return new GatewayOptions(
        DEFAULT_REQUEST_TIMEOUT, DEFAULT_FALLBACK_TIERS_UP, DEFAULT_REQUEST_LOG);
  }

  static GatewayOptions read(SettingsReader section) {
    Duration timeout =
        section.duration(
            "request-timeout", DEFAULT_REQUEST_TIMEOUT, Duration.ofMillis(1), Duration.ofHours(1));
    int tiersUp = section.integer("fallback-tiers-up", DEFAULT_FALLBACK_TIERS_UP, 0, 64);
    Path log = section.path("request-log").orElse(DEFAULT_REQUEST_LOG);
    return section.build(() -> new GatewayOptions(timeout, tiersUp, log));
  }
}
