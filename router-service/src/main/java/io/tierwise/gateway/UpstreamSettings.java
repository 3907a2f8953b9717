package io.tierwise.gateway;

import io.helidon.config.Config;
import java.net.URI;
import java.nio.file.Path;
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

  /**
   * Binds one entry of {@code gateway.upstreams}; keys absent there are read from {@code defaults}
   * (the {@code gateway.defaults} node), then fall back to the {@code DEFAULT_*} constants.
   */
  static UpstreamSettings from(Config node, Config defaults) {
    LayeredConfig config = new LayeredConfig(node, defaults);
    String tier = config.requiredString("tier");
    String name = config.string("name").filter(s -> !s.isBlank()).orElse(tier);
    URI baseUrl;
    String baseUrlText = config.requiredString("base-url");
    try {
      baseUrl = URI.create(baseUrlText);
    } catch (IllegalArgumentException e) {
      throw new GatewayConfigException(
          "'" + node.key() + ".base-url' is not a URL: '" + baseUrlText + "'", e);
    }
    Optional<String> keyEnv = nodeString(node, "api-key-env");
    Optional<String> keyFile = nodeString(node, "api-key-file");
    if (keyEnv.isPresent() && keyFile.isPresent()) {
      throw new GatewayConfigException(
          "'" + node.key() + "' sets both api-key-env and api-key-file; choose one");
    }
    ApiKeySource apiKey =
        keyEnv
            .<ApiKeySource>map(ApiKeySource.Env::new)
            .or(() -> keyFile.map(path -> new ApiKeySource.File(Path.of(path))))
            .orElseGet(ApiKeySource.None::new);
    LayeredConfig pricingConfig = config.child("pricing");
    Optional<Double> input = pricingConfig.decimal("input-usd-per-1m");
    Optional<Double> output = pricingConfig.decimal("output-usd-per-1m");
    if (input.isPresent() != output.isPresent()) {
      throw new GatewayConfigException(
          "'" + node.key() + ".pricing' needs both input-usd-per-1m and output-usd-per-1m");
    }
    try {
      return new UpstreamSettings(
          name,
          tier,
          baseUrl,
          config.string("model").filter(s -> !s.isBlank()).orElse(tier),
          apiKey,
          TimeoutSettings.from(config.child("timeouts")),
          RetrySettings.from(config.child("retry")),
          CircuitBreakerSettings.from(config.child("circuit-breaker")),
          config.integer("max-output-tokens", DEFAULT_MAX_OUTPUT_TOKENS),
          input.map(in -> new Pricing(in, output.orElseThrow())),
          config.strings("alternates"));
    } catch (IllegalArgumentException e) {
      throw new GatewayConfigException("'" + node.key() + "': " + e.getMessage(), e);
    }
  }

  private static Optional<String> nodeString(Config node, String key) {
    return node.get(key).asString().asOptional().filter(s -> !s.isBlank());
  }

  private static void requireText(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException("upstream " + field + " must not be blank");
    }
  }
}
