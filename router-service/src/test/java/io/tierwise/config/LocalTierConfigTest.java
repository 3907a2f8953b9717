package io.tierwise.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.local.ChatTemplate;
import io.tierwise.local.LocalTierSettings;
import io.tierwise.local.SamplingParams;
import io.tierwise.local.SaturationPolicy;
import io.tierwise.tier.TierKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Binding of {@code kind: local} tiers and their {@code local} section. */
class LocalTierConfigTest {

  private static final String FULL =
      """
      tiers:
        - name: local
          kind: local
          model: qwen2.5-0.5b-instruct
          prices: {input: 0, output: 0.01}
          max-output-tokens: 256
          local:
            model-dir: models/qwen
            chat-template: "<|im_start|>system\\n{system}<|im_end|>\\n<|im_start|>user\\n{user}<|im_end|>\\n<|im_start|>assistant\\n"
            stop: ["<|im_end|>", "\\n\\n\\n"]
            sampling: {temperature: 0.7, top-p: 0.9, top-k: 40, seed: 42}
            intra-op-threads: 2
            workers: 1
            queue: 8
            when-saturated: escalate
            confidence:
              calibration: models/default/local-confidence.json
              min-probability-good: 0.7
              min-mean-logprob: -0.9
              stream-probe-tokens: 24
        - name: large
          base-url: http://127.0.0.1:9002/v1
          model: large-model
          prices: {input: 10, output: 30}
      """;

  @Test
  void everyLocalKeyIsBound() {
    TierwiseSettings settings = TierwiseSettings.parse("test.yaml", FULL, Map.of());
    TierSettings tier = settings.tier("local").orElseThrow();
    assertEquals(TierKind.LOCAL, tier.kind());
    assertTrue(tier.baseUrl().isEmpty());
    LocalTierSettings local = tier.local().orElseThrow();
    assertEquals(Path.of("models/qwen"), local.modelDir());
    // Line breaks inside the template and stops are kept: the model was trained on them.
    assertEquals(
        Optional.of(
            new ChatTemplate(
                "<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n"
                    + "<|im_start|>assistant\n")),
        local.chatTemplate());
    assertEquals(List.of("<|im_end|>", "\n\n\n"), local.stopStrings());
    assertEquals(256, local.maxNewTokens(), "the tier's max-output-tokens caps answers");
    assertEquals(new SamplingParams(0.7, 0.9, 40, 42), local.sampling());
    assertEquals(2, local.intraOpThreads());
    assertEquals(1, local.workers());
    assertEquals(8, local.queueCapacity());
    assertEquals(SaturationPolicy.ESCALATE, local.whenSaturated());
    assertEquals(Optional.of(Path.of("models/default/local-confidence.json")), local.calibration());
    assertEquals(0.7, local.minProbabilityGood());
    assertEquals(-0.9, local.minMeanLogprob());
    assertEquals(24, local.streamProbeTokens());
    assertTrue(settings.tier("large").orElseThrow().local().isEmpty());
  }

  @Test
  void aMinimalLocalTierGetsTheDocumentedDefaults() {
    String yaml =
        """
        tiers:
          - name: local
            kind: local
            model: stories260k
            prices: {input: 0, output: 0}
            local: {model-dir: /models/stories260k}
        """;
    LocalTierSettings local =
        TierwiseSettings.parse("test.yaml", yaml, Map.of())
            .tier("local")
            .orElseThrow()
            .local()
            .orElseThrow();
    assertEquals(
        LocalTierSettings.of(
            Path.of("/models/stories260k"), TierSettings.DEFAULT_MAX_OUTPUT_TOKENS),
        local);
  }

  @Test
  void environmentOverridesALocalKey() {
    LocalTierSettings local =
        TierwiseSettings.parse(
                "test.yaml", FULL, Map.of("TIERWISE_TIERS_0_LOCAL_WHEN_SATURATED", "refuse"))
            .tier("local")
            .orElseThrow()
            .local()
            .orElseThrow();
    assertEquals(SaturationPolicy.REFUSE, local.whenSaturated());
  }

  @Test
  void badLocalSettingsNameTheirKey() {
    assertEquals(
        "tiers[0].local.model-dir",
        failure(
                FULL.replace("model-dir: models/qwen", "workers: 2")
                    .replace("      workers: 1\n", ""))
            .key());
    assertEquals(
        "tiers[0].local.when-saturated",
        failure(FULL.replace("when-saturated: escalate", "when-saturated: queue")).key());
    assertEquals(
        "tiers[0].local.confidence.min-mean-logprob",
        failure(FULL.replace("min-mean-logprob: -0.9", "min-mean-logprob: 0.5")).key());
    assertEquals(
        "tiers[0].local.confidence.min-probability-good",
        failure(FULL.replace("min-probability-good: 0.7", "min-probability-good: 1.5")).key());
    assertEquals(
        "tiers[0].local.chat-template", failure(FULL.replace("user\\n{user}", "user\\n")).key());
    assertEquals(
        "tiers[0].local.sampling.top-p", failure(FULL.replace("top-p: 0.9", "top-p: 0")).key());
    assertEquals(
        "tiers[1].local",
        failure(
                FULL.replace(
                    "prices: {input: 10, output: 30}",
                    "prices: {input: 10, output: 30}\n    local: {model-dir: x}"))
            .key());
  }

  @Test
  void theCommentedExampleInApplicationYamlBindsWhenUncommented() throws Exception {
    String bundled;
    try (var in = getClass().getClassLoader().getResourceAsStream("application.yaml")) {
      bundled = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    StringBuilder example = new StringBuilder("tiers:\n");
    boolean inside = false;
    for (String line : bundled.split("\n")) {
      if (line.startsWith("  # - name: local")) {
        inside = true;
      } else if (inside && !line.startsWith("  #")) {
        break;
      }
      if (inside && !line.strip().startsWith("#     ") && !line.strip().startsWith("#  ")) {
        example.append("  ").append(line.substring("  # ".length())).append('\n');
      } else if (inside) {
        String uncommented = line.substring("  # ".length());
        if (!uncommented.strip().startsWith("#")) {
          example.append("  ").append(uncommented).append('\n');
        }
      }
    }
    example.append(
        "  - {name: large, base-url: 'http://127.0.0.1:1/v1', model: m, prices: {input: 1,"
            + " output: 1}}\n");
    LocalTierSettings local =
        TierwiseSettings.parse("example", example.toString(), Map.of())
            .tier("local")
            .orElseThrow()
            .local()
            .orElseThrow();
    assertEquals(Path.of("models/qwen2.5-0.5b-instruct"), local.modelDir());
    assertTrue(local.chatTemplate().orElseThrow().template().endsWith("assistant\n"));
    assertEquals(LocalTierSettings.DEFAULT_MIN_MEAN_LOGPROB, local.minMeanLogprob());
    assertEquals(LocalTierSettings.DEFAULT_STREAM_PROBE_TOKENS, local.streamProbeTokens());
    assertEquals(LocalTierSettings.DEFAULT_QUEUE_CAPACITY, local.queueCapacity());
  }

  private static ConfigException failure(String yaml) {
    return assertThrows(
        ConfigException.class, () -> TierwiseSettings.parse("test.yaml", yaml, Map.of()));
  }
}
