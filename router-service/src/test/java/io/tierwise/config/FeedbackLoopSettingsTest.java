package io.tierwise.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code feedback}, {@code shadow} and {@code reload} sections. */
class FeedbackLoopSettingsTest {

  private static final String TIERS =
      """
      tiers:
        - {name: small, base-url: http://127.0.0.1:9001/v1, model: s, prices: {input: 1, output: 1}}
        - {name: large, base-url: http://127.0.0.1:9002/v1, model: l, prices: {input: 9, output: 9}}
      """;

  private static String failure(String yaml) {
    return assertThrows(
            ConfigException.class,
            () -> TierwiseSettings.parse("test.yaml", TIERS + yaml, Map.of()))
        .getMessage();
  }

  @Test
  void theBundledDefaultsShadowFivePercentAndShareTheRequestLogsFile() {
    TierwiseSettings settings = TierwiseSettings.loadBundled(Map.of());

    assertEquals(FeedbackSettings.defaults(), settings.feedback());
    assertEquals(Optional.empty(), settings.feedback().store());
    assertEquals(0.05, settings.shadow().share());
    assertEquals(ShadowSettings.Comparator.NORMALISED, settings.shadow().comparator());
    assertEquals(ReloadSettings.defaults(), settings.reload());
  }

  @Test
  void everyKeyBindsAndEnvironmentOverridesApply() {
    TierwiseSettings settings =
        TierwiseSettings.parse(
            "test.yaml",
            TIERS
                + """
                feedback: {store: /tmp/fb.sqlite, decision-queue: 100, write-batch: 10, enqueue-timeout: 5ms}
                shadow: {share: 0.5, concurrency: 3, queue: 7, comparator: judge, judge-tier: large, timeout: 9s}
                reload: {models-dir: models, poll-interval: 30s, admin-token-env: MY_TOKEN}
                """,
            Map.of("TIERWISE_SHADOW_SHARE", "0.1", "MY_TOKEN", " s3cret "));

    assertEquals(
        new FeedbackSettings(Optional.of(Path.of("/tmp/fb.sqlite")), 100, 10, Duration.ofMillis(5)),
        settings.feedback());
    assertEquals(
        new ShadowSettings(
            0.1,
            3,
            7,
            ShadowSettings.Comparator.JUDGE,
            Optional.of("large"),
            Duration.ofSeconds(9)),
        settings.shadow());
    assertEquals(
        new ReloadSettings(Optional.of(Path.of("models")), Duration.ofSeconds(30), "MY_TOKEN"),
        settings.reload());
    assertEquals(
        Optional.of("s3cret"), settings.reload().adminToken(Map.of("MY_TOKEN", " s3cret ")));
    assertEquals(Optional.empty(), settings.reload().adminToken(Map.of()));
  }

  @Test
  void invalidValuesNameTheirKey() {
    assertEquals(
        "invalid configuration: shadow.share must be <= 1, got: 1.5",
        failure("shadow: {share: 1.5}"));
    assertEquals(
        "invalid configuration: shadow.comparator must be exact, normalised or judge, got: fuzzy",
        failure("shadow: {comparator: fuzzy}"));
    assertEquals(
        "invalid configuration: shadow comparator judge needs judge-tier",
        failure("shadow: {comparator: judge}"));
    assertEquals(
        "invalid configuration: shadow.judge-tier names unknown tier 'huge'; known tiers: small, large",
        failure("shadow: {comparator: judge, judge-tier: huge}"));
    assertEquals(
        "invalid configuration: feedback.decision-queue must be >= 1, got: 0",
        failure("feedback: {decision-queue: 0}"));
    assertEquals(
        "invalid configuration: feedback.enqueue-timeout must be <= 1s, got: 5s",
        failure("feedback: {enqueue-timeout: 5s}"));
    assertEquals(
        "invalid configuration: reload poll-interval needs models-dir to say where to look",
        failure("reload: {poll-interval: 10s}"));
    assertEquals(
        "invalid configuration: reload.poll-intervall is not a known setting (did you mean"
            + " reload.poll-interval?)",
        failure("reload: {poll-intervall: 10s}"));
  }
}
