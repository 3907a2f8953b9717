package io.tierwise.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.routing.Target;
import io.tierwise.tier.TierKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding of valid configurations: bundled defaults, YAML values and environment overrides. */
class TierwiseSettingsTest {

  private static final String TWO_TIERS =
      """
      tiers:
        - name: small
          base-url: http://127.0.0.1:9001/v1
          model: small-model
          prices: {input: 0.2, output: 0.4}
        - name: large
          base-url: https://llm.example/v1
          model: large-model
          prices: {input: 10, output: 30}
          timeouts: {connect: 500ms, read: 45s, total: PT90S}
          max-output-tokens: 2048
          retries: 0
          circuit-breaker: {failure-threshold: 3, open-for: 1m, half-open-probes: 2}
      fallback-order: [large]
      tenants:
        acme:
          target: {quality: 0.9}
          allowed-tiers: [small]
        batch:
          target: {max-cost-per-1k: 0.5}
      """;

  @Test
  void emptyYamlGivesEveryDefault() {
    assertEquals(TierwiseSettings.defaults(), TierwiseSettings.parse("test", "", Map.of()));
  }

  @Test
  void bundledConfigurationHoldsTheDocumentedDefaults() {
    TierwiseSettings settings = TierwiseSettings.loadBundled(Map.of());

    assertEquals(ServerSettings.defaults(), settings.server());
    assertEquals(EmbeddingSettings.defaults(), settings.embedder());
    assertEquals(RouterSettings.defaults(), settings.router());
    assertEquals(BatchingSettings.defaults(), settings.batching());
    assertEquals(ConversationSettings.defaults(), settings.conversation());
    assertEquals(
        List.of("small", "medium", "large"),
        settings.tiers().stream().map(TierSettings::name).toList());
    TierSettings small = settings.tier("small").orElseThrow();
    assertEquals(UpstreamTimeouts.defaults(), small.timeouts());
    assertEquals(CircuitBreakerSettings.defaults(), small.circuitBreaker());
    assertEquals(TierSettings.DEFAULT_MAX_OUTPUT_TOKENS, small.maxOutputTokens());
    assertEquals(TierSettings.DEFAULT_RETRIES, small.retries());
    assertEquals(List.of("large", "medium"), settings.fallbackOrder());
    assertEquals(TenantSettings.unrestricted("default"), settings.tenant("default").orElseThrow());
  }

  @Test
  void bindsEveryTierAndTenantField() {
    TierwiseSettings settings = TierwiseSettings.parse("test", TWO_TIERS, Map.of());

    TierSettings large = settings.tier("large").orElseThrow();
    assertEquals(TierKind.REMOTE, large.kind());
    assertEquals(Optional.of(URI.create("https://llm.example/v1")), large.baseUrl());
    assertEquals("large-model", large.model());
    assertEquals(new TierPrices(10, 30), large.prices());
    assertEquals(
        new UpstreamTimeouts(
            Duration.ofMillis(500), Duration.ofSeconds(45), Duration.ofSeconds(90)),
        large.timeouts());
    assertEquals(2048, large.maxOutputTokens());
    assertEquals(0, large.retries());
    assertEquals(new CircuitBreakerSettings(3, Duration.ofMinutes(1), 2), large.circuitBreaker());
    assertEquals(Optional.empty(), large.apiKey());
    assertEquals(List.of("large"), settings.fallbackOrder());

    TenantSettings acme = settings.tenant("acme").orElseThrow();
    assertEquals(Optional.of(new Target.Quality(0.9)), acme.target());
    assertEquals(Set.of("small"), acme.allowedTiers());
    assertTrue(acme.allows("small"));
    assertFalse(acme.allows("large"));
    assertEquals(
        Optional.of(new Target.CostBudget(0.5)), settings.tenant("batch").orElseThrow().target());
    assertTrue(settings.tenant("batch").orElseThrow().allows("large"));
  }

  @Test
  void environmentVariablesOverrideValuesByTheDocumentedRule() {
    Map<String, String> env =
        Map.of(
            "TIERWISE_SERVER_PORT", "9090",
            "TIERWISE_SERVER_MAX_REQUEST_BYTES", "2048",
            "TIERWISE_BATCHING_MAX_WAIT", "750us",
            "TIERWISE_TIERS_1_PRICES_OUTPUT", "31.5",
            "TIERWISE_FALLBACK_ORDER", "large, small",
            "TIERWISE_TENANTS_ACME_TARGET_QUALITY", "0.8",
            "TIERWISE_EMBEDDER_MODEL_DIR", "/opt/models/bge",
            "TIERWISE_SERVER_HOST", " ");

    TierwiseSettings settings = TierwiseSettings.parse("test", TWO_TIERS, env);

    assertEquals(9090, settings.server().port());
    assertEquals(2048, settings.server().maxRequestBytes());
    assertEquals(
        ServerSettings.DEFAULT_HOST, settings.server().host(), "blank variables are unset");
    assertEquals(Duration.ofNanos(750_000), settings.batching().maxWait());
    assertEquals(31.5, settings.tier("large").orElseThrow().prices().outputUsdPer1M());
    assertEquals(List.of("large", "small"), settings.fallbackOrder());
    assertEquals(
        Optional.of(new Target.Quality(0.8)), settings.tenant("acme").orElseThrow().target());
    assertEquals(Optional.of(Path.of("/opt/models/bge")), settings.embedder().modelDir());
  }

  @Test
  void environmentVariableNamesFollowTheKey() {
    assertEquals("TIERWISE_SERVER_PORT", TierwiseSettings.environmentVariable("server.port"));
    assertEquals(
        "TIERWISE_SERVER_MAX_PROMPT_CHARS",
        TierwiseSettings.environmentVariable("server.max-prompt-chars"));
    assertEquals(
        "TIERWISE_TIERS_1_PRICES_INPUT",
        TierwiseSettings.environmentVariable("tiers[1].prices.input"));
    assertEquals(
        "TIERWISE_TENANTS_TEAM_A_TARGET_MAX_COST_PER_1K",
        TierwiseSettings.environmentVariable("tenants.team-a.target.max-cost-per-1k"));
  }

  @Test
  void apiKeysComeFromTheNamedVariableOrFileAndNeverPrint(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("large.key");
    Files.writeString(keyFile, "sk-file-secret\n");
    String yaml =
        """
        tiers:
          - name: small
            base-url: http://127.0.0.1:9001/v1
            model: m
            prices: {input: 0, output: 0}
            api-key-env: SMALL_KEY
          - name: large
            base-url: http://127.0.0.1:9002/v1
            model: m
            prices: {input: 1, output: 1}
            api-key-file: %s
        """
            .formatted(keyFile);

    TierwiseSettings settings =
        TierwiseSettings.parse("test", yaml, Map.of("SMALL_KEY", "sk-env-secret"));

    ApiKey small = settings.tier("small").orElseThrow().apiKey().orElseThrow();
    ApiKey large = settings.tier("large").orElseThrow().apiKey().orElseThrow();
    assertEquals("sk-env-secret", small.reveal());
    assertEquals("env SMALL_KEY", small.origin());
    assertEquals("sk-file-secret", large.reveal());
    String printed = settings.toString();
    assertFalse(printed.contains("sk-env-secret"), printed);
    assertFalse(printed.contains("sk-file-secret"), printed);
    assertTrue(printed.contains("ApiKey[env SMALL_KEY, redacted]"), printed);
  }

  @Test
  void localTiersNeedNoBaseUrl() {
    TierwiseSettings settings =
        TierwiseSettings.parse(
            "test",
            """
            tiers:
              - {name: tiny, kind: local, model: stories260k, prices: {input: 0, output: 0}, local: {model-dir: models/stories260k}}
            """,
            Map.of());

    assertEquals(TierKind.LOCAL, settings.tiers().get(0).kind());
    assertEquals(Optional.empty(), settings.tiers().get(0).baseUrl());
  }

  @Test
  void loadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tierwise.yaml");
    Files.writeString(file, "server: {port: 0, max-batch-requests: 8}\n");

    TierwiseSettings settings = TierwiseSettings.load(file, Map.of());

    assertEquals(0, settings.server().port());
    assertEquals(8, settings.server().maxBatchRequests());
  }

  @Test
  void durationsAcceptUnitsAndIso8601() {
    assertEquals(Optional.of(Duration.ofNanos(250_000)), DurationText.parse("250us"));
    assertEquals(Optional.of(Duration.ofMillis(2)), DurationText.parse("2ms"));
    assertEquals(Optional.of(Duration.ofMillis(1500)), DurationText.parse("1.5s"));
    assertEquals(Optional.of(Duration.ofMinutes(5)), DurationText.parse("5m"));
    assertEquals(Optional.of(Duration.ofHours(1)), DurationText.parse("1h"));
    assertEquals(Optional.of(Duration.ofSeconds(2)), DurationText.parse("PT2S"));
    assertEquals(Optional.empty(), DurationText.parse("2"));
    assertEquals(Optional.empty(), DurationText.parse("-2s"));
    assertEquals(Optional.empty(), DurationText.parse("2 parsecs"));
    assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
    assertEquals("1s", DurationText.format(Duration.ofSeconds(1)));
  }
}
