package io.tierwise.gateway;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One OpenAI-compatible endpoint serving one tier.
 *
 * @param name unique upstream name, used in metrics, logs and {@code alternates}
 * @param tier the router tier this upstream serves
 * @param baseUrl the OpenAI-style base URL including the version, e.g. {@code
 *     http://127.0.0.1:8000/v1}; the gateway calls {@code baseUrl + "/chat/completions"}
 * @param model the model id the upstream expects in requests
 * @param apiKey where the bearer key comes from
 * @param timeouts connect/read/total timeouts
 * @param retry retry policy for this upstream
 * @param circuitBreaker circuit breaker for this upstream
 * @param maxOutputTokens output cap; larger {@code max_tokens} requests are clamped to it
 * @param pricing this upstream's prices, or empty to use the router tier's list prices
 * @param alternates upstream names to try after this tier's chain (and the tiers above it) failed
 */
public record UpstreamSettings(
    String name,
    String tier,
    URI baseUrl,
    String model,
    ApiKeySource apiKey,
    TimeoutSettings timeouts,
    RetrySettings retry,
    CircuitBreakerSettings circuitBreaker,
    int maxOutputTokens,
    Optional<Pricing> pricing,
    List<String> alternates) {

  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

  public UpstreamSettings {
    requireText("name", name);
    requireText("tier", tier);
    Objects.requireNonNull(baseUrl, "baseUrl");
    String url = baseUrl.toString();
    if (url.endsWith("/")) {
      // "http://host/v1/" and "http://host/v1" must both lead to http://host/v1/chat/completions
      baseUrl = URI.create(url.substring(0, url.length() - 1));
    }
    String scheme = baseUrl.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "upstream '" + name + "': baseUrl must be an absolute http(s) URL, got: " + baseUrl);
    }
    requireText("model", model);
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException(
          "upstream '" + name + "': maxOutputTokens must be at least 1, got: " + maxOutputTokens);
    }
    Objects.requireNonNull(pricing, "pricing");
    alternates = List.copyOf(Objects.requireNonNull(alternates, "alternates"));
    if (alternates.contains(name)) {
      throw new IllegalArgumentException("upstream '" + name + "' lists itself as an alternate");
    }
  }

  /** An upstream with every other setting at its default. */
  public static UpstreamSettings of(String name, String tier, URI baseUrl, String model) {
    return new UpstreamSettings(
        name,
        tier,
        baseUrl,
        model,
        new ApiKeySource.None(),
        TimeoutSettings.DEFAULTS,
        RetrySettings.DEFAULTS,
        CircuitBreakerSettings.DEFAULTS,
        DEFAULT_MAX_OUTPUT_TOKENS,
        Optional.empty(),
        List.of());
  }

  public UpstreamSettings withApiKey(ApiKeySource source) {
    return new UpstreamSettings(
        name,
        tier,
        baseUrl,
        model,
        source,
        timeouts,
        retry,
        circuitBreaker,
        maxOutputTokens,
        pricing,
        alternates);
  }

  public UpstreamSettings withTimeouts(TimeoutSettings value) {
    return new UpstreamSettings(
        name,
        tier,
        baseUrl,
        model,
        apiKey,
        value,
        retry,
        circuitBreaker,
        maxOutputTokens,
        pricing,
        alternates);
  }

  public UpstreamSettings withRetry(RetrySettings value) {
    return new UpstreamSettings(
        name,
        tier,
        baseUrl,
        model,
        apiKey,
        timeouts,
        value,
        circuitBreaker,
        maxOutputTokens,
        pricing,
        alternates);
  }

  public UpstreamSettings withCircuitBreaker(CircuitBreakerSettings value) {
    return new UpstreamSettings(
        name,
        tier,
        baseUrl,
        model,
        apiKey,
        timeouts,
        retry,
        value,
        maxOutputTokens,
        pricing,
        alternates);
  }

  public UpstreamSettings withMaxOutputTokens(int value) {
    return new UpstreamSettings(
        name,
        tier,
        baseUrl,
        model,
        apiKey,
        timeouts,
        retry,
        circuitBreaker,
        value,
        pricing,
        alternates);
  }

  public UpstreamSettings withPricing(Pricing value) {
    return new UpstreamSettings(
        name,
        tier,
        baseUrl,
        model,
        apiKey,
        timeouts,
        retry,
        circuitBreaker,
        maxOutputTokens,
        Optional.of(value),
        alternates);
  }

  public UpstreamSettings withAlternates(List<String> value) {
    return new UpstreamSettings(
        name,
        tier,
        baseUrl,
        model,
        apiKey,
        timeouts,
        retry,
        circuitBreaker,
        maxOutputTokens,
        pricing,
        value);
  }

  private static void requireText(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException("upstream " + field + " must not be blank");
    }
  }
}
