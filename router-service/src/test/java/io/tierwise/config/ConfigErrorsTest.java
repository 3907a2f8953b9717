package io.tierwise.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of configuration problem: each fails with one line naming the key. */
class ConfigErrorsTest {

  private static final String TIER_TEMPLATE =
      """
      tiers:
        - name: small
          base-url: http://127.0.0.1:9001/v1
          model: small-model
          prices: {input: 0.2, output: 0.4}
        - name: large
          base-url: http://127.0.0.1:9002/v1
          model: large-model
          prices: {input: %s, output: 30}
      """;

  private static String failure(String yaml) {
    return failure(yaml, Map.of());
  }

  private static String failure(String yaml, Map<String, String> env) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> TierwiseSettings.parse("test.yaml", yaml, env));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    assertTrue(
        e.getMessage().startsWith("invalid configuration: " + e.key() + " "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void valueBelowItsMinimum() {
    assertEquals(
        "invalid configuration: tiers[1].prices.input must be >= 0, got: -1",
        failure(TIER_TEMPLATE.formatted("-1")));
  }

  @Test
  void valueAboveItsMaximum() {
    assertEquals(
        "invalid configuration: server.port must be <= 65535, got: 70000",
        failure("server: {port: 70000}"));
  }

  @Test
  void valueOfTheWrongType() {
    assertEquals(
        "invalid configuration: server.port must be an integer, got: eighty",
        failure("server: {port: eighty}"));
    assertEquals(
        "invalid configuration: tiers[1].prices.input must be a number, got: cheap",
        failure(TIER_TEMPLATE.formatted("cheap")));
    assertEquals(
        "invalid configuration: server.access-log must be true or false, got: sometimes",
        failure("server: {access-log: sometimes}"));
  }

  @Test
  void nonFiniteNumber() {
    assertEquals(
        "invalid configuration: tiers[1].prices.input must be a finite number, got: NaN",
        failure(TIER_TEMPLATE.formatted("NaN")));
  }

  @Test
  void missingRequiredValue() {
    assertEquals(
        "invalid configuration: tiers[0].model is required",
        failure(
            "tiers: [{name: a, base-url: 'http://127.0.0.1:1/v1', prices: {input: 1, output: 1}}]"));
    assertEquals(
        "invalid configuration: tiers[0].prices.output is required",
        failure(
            "tiers: [{name: a, base-url: 'http://127.0.0.1:1/v1', model: m, prices: {input: 1}}]"));
    assertEquals(
        "invalid configuration: tiers[0].base-url is required for a remote tier",
        failure("tiers: [{name: a, model: m, prices: {input: 1, output: 1}}]"));
  }

  @Test
  void malformedDuration() {
    assertEquals(
        "invalid configuration: batching.max-wait must be a duration such as 2ms, 1.5s, 30s, 5m"
            + " or PT2S, got: 2 parsecs",
        failure("batching: {max-wait: 2 parsecs}"));
  }

  @Test
  void durationOutsideItsBounds() {
    assertEquals(
        "invalid configuration: batching.max-wait must be <= 1s, got: 5s",
        failure("batching: {max-wait: 5s}"));
    assertEquals(
        "invalid configuration: tiers[0].timeouts.read must be >= 1ms, got: 0s",
        failure(
            "tiers: [{name: a, base-url: 'http://127.0.0.1:1/v1', model: m,"
                + " prices: {input: 1, output: 1}, timeouts: {read: 0s}}]"));
  }

  @Test
  void inconsistentValues() {
    assertEquals(
        "invalid configuration: tiers[0].timeouts.connect must not exceed tiers[0].timeouts.total"
            + " (10s), got: 20s",
        failure(
            "tiers: [{name: a, base-url: 'http://127.0.0.1:1/v1', model: m,"
                + " prices: {input: 1, output: 1}, timeouts: {connect: 20s, total: 10s}}]"));
  }

  @Test
  void malformedUrl() {
    assertEquals(
        "invalid configuration: tiers[0].base-url must be an absolute http(s) URL, got:"
            + " ftp://files.example/v1",
        failure(
            "tiers: [{name: a, base-url: 'ftp://files.example/v1', model: m,"
                + " prices: {input: 1, output: 1}}]"));
  }

  @Test
  void valueNotInItsClosedSet() {
    assertEquals(
        "invalid configuration: tiers[0].kind must be remote or local, got: cloud",
        failure("tiers: [{name: a, kind: cloud, model: m, prices: {input: 1, output: 1}}]"));
  }

  @Test
  void malformedName() {
    assertEquals(
        "invalid configuration: tiers[0].name must be letters, digits, '.', '_' or '-' (at most"
            + " 64, starting with a letter or digit), got: 'big tier'",
        failure("tiers: [{name: big tier, model: m, kind: local, prices: {input: 1, output: 1}}]"));
  }

  @Test
  void duplicateTierName() {
    assertEquals(
        "invalid configuration: tiers[1].name repeats tier name 'small' of tiers[0]",
        failure(TIER_TEMPLATE.formatted("1").replace("name: large", "name: small")));
  }

  @Test
  void referenceToAnUnknownTier() {
    assertEquals(
        "invalid configuration: fallback-order[1] names unknown tier 'huge'; known tiers: small,"
            + " large",
        failure(TIER_TEMPLATE.formatted("1") + "fallback-order: [large, huge]\n"));
    assertEquals(
        "invalid configuration: tenants.acme.allowed-tiers[0] names unknown tier 'medium'; known"
            + " tiers: small, large",
        failure(TIER_TEMPLATE.formatted("1") + "tenants: {acme: {allowed-tiers: [medium]}}\n"));
  }

  @Test
  void repeatedReference() {
    assertEquals(
        "invalid configuration: fallback-order[1] repeats tier 'large'",
        failure(TIER_TEMPLATE.formatted("1") + "fallback-order: [large, large]\n"));
  }

  @Test
  void exclusiveSettingsBothSet() {
    assertEquals(
        "invalid configuration: tenants.acme.target.quality and"
            + " tenants.acme.target.max-cost-per-1k are exclusive; set one",
        failure("tenants: {acme: {target: {quality: 0.9, max-cost-per-1k: 1}}}"));
  }

  @Test
  void targetOutOfRange() {
    assertEquals(
        "invalid configuration: tenants.acme.target.quality is out of range: quality target must"
            + " be a fraction of the top tier's quality in (0, 1.5], got: 2.0",
        failure("tenants: {acme: {target: {quality: 2}}}"));
  }

  @Test
  void unknownKeyWithASuggestion() {
    assertEquals(
        "invalid configuration: server.prot is not a known setting (did you mean server.port?)",
        failure("server: {prot: 8080}"));
    assertEquals(
        "invalid configuration: telemetry.enabled is not a known setting",
        failure("telemetry: {enabled: true}"));
  }

  @Test
  void inlineSecretIsRejectedWithoutEchoingIt() {
    String message =
        failure(
            "tiers: [{name: a, base-url: 'http://127.0.0.1:1/v1', model: m,"
                + " prices: {input: 1, output: 1}, api-key: sk-live-123}]");

    assertEquals(
        "invalid configuration: tiers[0].api-key is not allowed: secrets are read only from"
            + " api-key-env or api-key-file",
        message);
    assertFalse(message.contains("sk-live-123"));
  }

  @Test
  void secretSourceUnavailable(@TempDir Path dir) throws Exception {
    String tier =
        "tiers: [{name: a, base-url: 'http://127.0.0.1:1/v1', model: m,"
            + " prices: {input: 1, output: 1}, %s}]";
    assertEquals(
        "invalid configuration: tiers[0].api-key-env names environment variable OPENAI_API_KEY,"
            + " which is not set",
        failure(tier.formatted("api-key-env: OPENAI_API_KEY")));
    Path missing = dir.resolve("missing.key");
    assertEquals(
        "invalid configuration: tiers[0].api-key-file names "
            + missing
            + ", which is not a readable file",
        failure(tier.formatted("api-key-file: " + missing)));
    Path empty = Files.writeString(dir.resolve("empty.key"), "\n");
    assertEquals(
        "invalid configuration: tiers[0].api-key-file names " + empty + ", which is empty",
        failure(tier.formatted("api-key-file: " + empty)));
    assertEquals(
        "invalid configuration: tiers[0].api-key-env and tiers[0].api-key-file are exclusive; set"
            + " one",
        failure(tier.formatted("api-key-env: K, api-key-file: " + empty), Map.of("K", "v")));
  }

  @Test
  void wrongShape() {
    assertEquals(
        "invalid configuration: server must be a section of key: value pairs, not a single value",
        failure("server: 8080"));
    assertEquals(
        "invalid configuration: tiers must be a list, not a section",
        failure("tiers: {small: {model: m}}"));
    assertEquals(
        "invalid configuration: server.port must be a single value, not a list",
        failure("server: {port: [1, 2]}"));
  }

  @Test
  void badEnvironmentOverrideNamesTheVariable() {
    assertEquals(
        "invalid configuration: server.port must be an integer, got: http (from environment"
            + " variable TIERWISE_SERVER_PORT)",
        failure("", Map.of("TIERWISE_SERVER_PORT", "http")));
  }

  @Test
  void malformedYaml() {
    assertEquals(
        "invalid configuration: test.yaml is not valid YAML: expected <block end>, but found"
            + " '<block mapping start>' at line 3, column 2",
        failure("server:\n  port: 8080\n bad-indent: [\n"));
  }

  @Test
  void unreadableFile(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");

    ConfigException e =
        assertThrows(ConfigException.class, () -> TierwiseSettings.load(file, Map.of()));

    assertEquals("invalid configuration: " + file + " is not a readable file", e.getMessage());
    assertEquals(2, ConfigException.EXIT_CODE);
  }
}
