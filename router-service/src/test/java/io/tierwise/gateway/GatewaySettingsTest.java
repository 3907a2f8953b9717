package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySettingsTest {

  @TempDir Path dir;

  private static GatewaySettings bind(String yaml) {
    Config root =
        Config.builder(ConfigSources.create(yaml, MediaTypes.APPLICATION_X_YAML))
            .disableEnvironmentVariablesSource()
            .disableSystemPropertiesSource()
            .build();
    return GatewaySettings.from(root.get("gateway"));
  }

  @Test
  void bindsTheDocumentedLayoutWithDefaultsAndOverrides() {
    GatewaySettings settings =
        bind(
            """
            gateway:
              request-timeout: 45s
              fallback:
                tiers-up: 2
              defaults:
                timeouts: {connect: 500ms, read: PT20S}
                retry: {max-attempts: 4, jitter: false}
                circuit-breaker: {failure-threshold: 7}
                max-output-tokens: 2048
              upstreams:
                - name: small-local
                  tier: small
                  base-url: http://127.0.0.1:8000/v1/
                  model: mistral-7b-instruct
                  pricing: {input-usd-per-1m: 0.2, output-usd-per-1m: 0.4}
                  alternates: [large]
                  retry: {max-attempts: 2}
                - tier: large
                  base-url: https://api.example.com/v1
                  api-key-env: LARGE_API_KEY
                  timeouts: {total: 2m}
            """);

    assertEquals(Duration.ofSeconds(45), settings.requestTimeout());
    assertEquals(2, settings.fallbackTiersUp());
    UpstreamSettings small = settings.upstream("small-local");
    assertEquals("small", small.tier());
    assertEquals(URI.create("http://127.0.0.1:8000/v1"), small.baseUrl());
    assertEquals("mistral-7b-instruct", small.model());
    assertEquals(new ApiKeySource.None(), small.apiKey());
    assertEquals(Optional.of(new Pricing(0.2, 0.4)), small.pricing());
    assertEquals(List.of("large"), small.alternates());
    assertEquals(2048, small.maxOutputTokens());
    assertEquals(
        new RetrySettings(
            2,
            RetrySettings.DEFAULT_BASE_BACKOFF,
            RetrySettings.DEFAULT_MAX_BACKOFF,
            false,
            RetrySettings.DEFAULT_MAX_RETRY_AFTER),
        small.retry());
    assertEquals(
        new TimeoutSettings(
            Duration.ofMillis(500), Duration.ofSeconds(20), TimeoutSettings.DEFAULT_TOTAL),
        small.timeouts());
    assertEquals(7, small.circuitBreaker().failureThreshold());
    assertEquals(CircuitBreakerSettings.DEFAULT_WINDOW, small.circuitBreaker().window());

    UpstreamSettings large = settings.upstream("large");
    assertEquals("large", large.model(), "name and model default to the tier name");
    assertEquals(new ApiKeySource.Env("LARGE_API_KEY"), large.apiKey());
    assertEquals(Optional.empty(), large.pricing());
    assertEquals(Duration.ofMinutes(2), large.timeouts().total());
    assertEquals(4, large.retry().maxAttempts());
  }

  @Test
  void appliesDefaultConstantsToAMinimalUpstream() {
    GatewaySettings settings =
        bind(
            """
            gateway:
              upstreams:
                - tier: small
                  base-url: http://127.0.0.1:8000/v1
            """);
    assertEquals(GatewaySettings.DEFAULT_REQUEST_TIMEOUT, settings.requestTimeout());
    assertEquals(GatewaySettings.DEFAULT_FALLBACK_TIERS_UP, settings.fallbackTiersUp());
    UpstreamSettings small = settings.upstreams().getFirst();
    assertEquals(TimeoutSettings.DEFAULTS, small.timeouts());
    assertEquals(RetrySettings.DEFAULTS, small.retry());
    assertEquals(CircuitBreakerSettings.DEFAULTS, small.circuitBreaker());
    assertEquals(UpstreamSettings.DEFAULT_MAX_OUTPUT_TOKENS, small.maxOutputTokens());
  }

  @Test
  void errorsNameTheKeyAndTheValue() {
    GatewayConfigException duration =
        assertThrows(
            GatewayConfigException.class,
            () ->
                bind(
                    """
                    gateway:
                      upstreams:
                        - tier: small
                          base-url: http://127.0.0.1:8000/v1
                          timeouts: {read: forever}
                    """));
    assertTrue(duration.getMessage().contains("timeouts.read"), duration.getMessage());
    assertTrue(duration.getMessage().contains("forever"), duration.getMessage());

    GatewayConfigException missing =
        assertThrows(
            GatewayConfigException.class,
            () -> bind("gateway:\n  upstreams:\n    - tier: small\n"));
    assertTrue(missing.getMessage().contains("base-url"), missing.getMessage());

    GatewayConfigException attempts =
        assertThrows(
            GatewayConfigException.class,
            () ->
                bind(
                    """
                    gateway:
                      upstreams:
                        - tier: small
                          base-url: http://127.0.0.1:8000/v1
                          retry: {max-attempts: 0}
                    """));
    assertTrue(
        attempts.getMessage().contains("maxAttempts must be at least 1, got: 0"),
        attempts.getMessage());

    GatewayConfigException alternate =
        assertThrows(
            GatewayConfigException.class,
            () ->
                bind(
                    """
                    gateway:
                      upstreams:
                        - tier: small
                          base-url: http://127.0.0.1:8000/v1
                          alternates: [nowhere]
                    """));
    assertTrue(alternate.getMessage().contains("'nowhere'"), alternate.getMessage());

    assertThrows(GatewayConfigException.class, () -> bind("gateway:\n  request-timeout: 5s\n"));
  }

  @Test
  void apiKeysComeFromEnvironmentOrFileAndNeverShowInToString() throws Exception {
    Path keyFile = dir.resolve("key.txt");
    Files.writeString(keyFile, "sk-from-file\n");
    ApiKey fromFile = new ApiKeySource.File(keyFile).resolve(name -> null).orElseThrow();
    assertEquals(ApiKey.of("sk-from-file"), fromFile);
    assertEquals("Bearer sk-from-file", fromFile.bearerValue());
    assertFalse(fromFile.toString().contains("sk-"), fromFile.toString());

    ApiKey fromEnv = new ApiKeySource.Env("KEY").resolve(name -> "sk-env").orElseThrow();
    assertEquals("ApiKey[redacted]", fromEnv.toString());

    GatewayConfigException unset =
        assertThrows(
            GatewayConfigException.class, () -> new ApiKeySource.Env("NOPE").resolve(name -> null));
    assertTrue(unset.getMessage().contains("'NOPE'"), unset.getMessage());
    GatewayConfigException noFile =
        assertThrows(
            GatewayConfigException.class,
            () -> new ApiKeySource.File(dir.resolve("absent")).resolve(name -> null));
    assertTrue(noFile.getMessage().contains("absent"), noFile.getMessage());
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertEquals(Duration.ofMillis(250), DurationText.parse("k", "250ms"));
    assertEquals(Duration.ofMillis(1500), DurationText.parse("k", "1.5s"));
    assertEquals(Duration.ofMinutes(3), DurationText.parse("k", "3m"));
    assertEquals(Duration.ofHours(1), DurationText.parse("k", "1h"));
    assertEquals(Duration.ofSeconds(2), DurationText.parse("k", "PT2S"));
    assertThrows(GatewayConfigException.class, () -> DurationText.parse("k", "2 weeks"));
  }

  @Test
  void settingsRecordsValidateWithTheBadValueInTheMessage() {
    IllegalArgumentException threshold =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CircuitBreakerSettings(0, Duration.ofSeconds(1), Duration.ofSeconds(1), 1));
    assertTrue(threshold.getMessage().contains("got: 0"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TimeoutSettings(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> UpstreamSettings.of("x", "small", URI.create("ftp://host/v1"), "m"));
    assertEquals(
        URI.create("http://h/v1"),
        UpstreamSettings.of("x", "small", URI.create("http://h/v1/"), "m").baseUrl());
    UpstreamSettings a = UpstreamSettings.of("a", "small", URI.create("http://h/v1"), "m");
    assertThrows(IllegalArgumentException.class, () -> GatewaySettings.of(List.of(a, a)));
  }
}
