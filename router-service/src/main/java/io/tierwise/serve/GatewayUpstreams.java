package io.tierwise.serve;

import io.tierwise.config.TierSettings;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.gateway.ApiKey;
import io.tierwise.gateway.ApiKeySource;
import io.tierwise.gateway.CircuitBreakerSettings;
import io.tierwise.gateway.GatewaySettings;
import io.tierwise.gateway.Pricing;
import io.tierwise.gateway.RetrySettings;
import io.tierwise.gateway.TimeoutSettings;
import io.tierwise.gateway.UpstreamSettings;
import io.tierwise.tier.TierKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the tiers of {@code application.yaml} into the gateway's upstreams: one upstream per remote
 * tier, named after it, with the tier's timeouts, retries, circuit breaker, output cap and prices,
 * and the configured {@code fallback-order} as every upstream's alternates.
 */
public final class GatewayUpstreams {

  private GatewayUpstreams() {}

  /**
   * The gateway settings for {@code settings}.
   *
   * @throws IllegalArgumentException when no tier has an upstream
   */
  public static GatewaySettings from(TierwiseSettings settings) {
    Objects.requireNonNull(settings, "settings");
    List<UpstreamSettings> upstreams = new ArrayList<>();
    for (TierSettings tier : settings.tiers()) {
      if (tier.kind() == TierKind.REMOTE) {
        upstreams.add(upstream(tier, settings.fallbackOrder()));
      }
    }
    if (upstreams.isEmpty()) {
      throw new IllegalArgumentException(
          "'tiers' must define at least one remote tier (with a base-url) for the gateway");
    }
    return new GatewaySettings(
        upstreams, settings.gateway().requestTimeout(), settings.gateway().fallbackTiersUp());
  }

  static UpstreamSettings upstream(TierSettings tier, List<String> fallbackOrder) {
    ApiKeySource key =
        tier.apiKey()
            .<ApiKeySource>map(k -> new ApiKeySource.Resolved(ApiKey.of(k.reveal())))
            .orElseGet(ApiKeySource.None::new);
    // The gateway counts attempts, the configuration counts retries after the first attempt.
    RetrySettings retry =
        new RetrySettings(
            tier.retries() + 1,
            RetrySettings.DEFAULT_BASE_BACKOFF,
            RetrySettings.DEFAULT_MAX_BACKOFF,
            RetrySettings.DEFAULT_JITTER,
            RetrySettings.DEFAULT_MAX_RETRY_AFTER);
    CircuitBreakerSettings breaker =
        new CircuitBreakerSettings(
            tier.circuitBreaker().failureThreshold(),
            CircuitBreakerSettings.DEFAULT_WINDOW,
            tier.circuitBreaker().openFor(),
            tier.circuitBreaker().halfOpenProbes());
    List<String> alternates =
        fallbackOrder.stream().filter(name -> !name.equals(tier.name())).toList();
    return new UpstreamSettings(
        tier.name(),
        tier.name(),
        tier.baseUrl().orElseThrow(),
        tier.model(),
        key,
        new TimeoutSettings(
            tier.timeouts().connect(), tier.timeouts().read(), tier.timeouts().total()),
        retry,
        breaker,
        tier.maxOutputTokens(),
        java.util.Optional.of(
            new Pricing(tier.prices().inputUsdPer1M(), tier.prices().outputUsdPer1M())),
        alternates);
  }
}
