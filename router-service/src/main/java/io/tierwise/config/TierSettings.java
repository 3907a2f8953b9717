package io.tierwise.config;

import io.tierwise.local.ChatTemplate;
import io.tierwise.local.DecoderOptions;
import io.tierwise.local.LocalTierSettings;
import io.tierwise.local.SamplingParams;
import io.tierwise.local.SaturationPolicy;
import io.tierwise.tier.TierKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One model tier and how to call it (YAML list {@code tiers}). Secrets never appear in YAML: the
 * API key comes from the environment variable named by {@code api-key-env} or the file named by
 * {@code api-key-file}, and {@link #toString()} redacts it.
 *
 * @param name operator-facing tier name, also used in metrics labels and API fields
 * @param kind whether the tier runs in-process or behind an upstream HTTP endpoint
 * @param baseUrl OpenAI-compatible base URL of the upstream, e.g. {@code http://127.0.0.1:8101/v1};
 *     required for remote tiers
 * @param model model name sent to the upstream
 * @param prices list prices per million tokens
 * @param timeouts time limits for upstream calls
 * @param maxOutputTokens cap on completion tokens requested from the upstream
 * @param retries extra attempts after a failed upstream call
 * @param circuitBreaker when to stop calling a failing upstream
 * @param apiKey the upstream API key, if the upstream needs one
 * @param local how a {@code kind: local} tier runs its model in-process (section {@code local});
 *     present exactly for local tiers
 */
public record TierSettings(
    String name,
    TierKind kind,
    Optional<URI> baseUrl,
    String model,
    TierPrices prices,
    UpstreamTimeouts timeouts,
    int maxOutputTokens,
    int retries,
    CircuitBreakerSettings circuitBreaker,
    Optional<ApiKey> apiKey,
    Optional<LocalTierSettings> local) {

  public static final TierKind DEFAULT_KIND = TierKind.REMOTE;
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 1024;
  public static final int DEFAULT_RETRIES = 2;

  /** Names end up in URLs, JSON and Prometheus labels, so they stay plain. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_KEY_FILE_BYTES = 16 * 1024;

  public TierSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(local, "local");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tier name must match " + NAME.pattern() + ", got: '" + name + "'");
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException("tier '" + name + "': model must not be blank");
    }
    if (kind == TierKind.REMOTE && baseUrl.isEmpty()) {
      throw new IllegalArgumentException("tier '" + name + "': a remote tier needs a base URL");
    }
    if (kind == TierKind.LOCAL && local.isEmpty()) {
      throw new IllegalArgumentException(
          "tier '" + name + "': a local tier needs its local model settings");
    }
    if (kind == TierKind.REMOTE && local.isPresent()) {
      throw new IllegalArgumentException(
          "tier '" + name + "': local model settings are only for a local tier");
    }
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException(
          "tier '" + name + "': maxOutputTokens must be >= 1, got: " + maxOutputTokens);
    }
    if (retries < 0) {
      throw new IllegalArgumentException(
          "tier '" + name + "': retries must be >= 0, got: " + retries);
    }
  }

  static TierSettings read(SettingsReader section, Map<String, String> env) {
    String name = section.requiredText("name");
    if (!NAME.matcher(name).matches()) {
      throw section.invalid(
          "name",
          "must be letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit),"
              + " got: '"
              + name
              + "'");
    }
    TierKind kind =
        section
            .text("kind")
            .map(
                raw ->
                    switch (raw.toLowerCase(Locale.ROOT)) {
                      case "remote" -> TierKind.REMOTE;
                      case "local" -> TierKind.LOCAL;
                      default ->
                          throw section.invalid("kind", "must be remote or local, got: " + raw);
                    })
            .orElse(DEFAULT_KIND);
    Optional<URI> baseUrl = section.httpUri("base-url");
    if (kind == TierKind.REMOTE && baseUrl.isEmpty()) {
      throw section.invalid("base-url", "is required for a remote tier");
    }
    String model = section.requiredText("model");
    TierPrices prices = TierPrices.read(section.section("prices"));
    UpstreamTimeouts timeouts = UpstreamTimeouts.read(section.section("timeouts"));
    int maxOutputTokens =
        section.integer("max-output-tokens", DEFAULT_MAX_OUTPUT_TOKENS, 1, 10_000_000);
    int retries = section.integer("retries", DEFAULT_RETRIES, 0, 10);
    CircuitBreakerSettings breaker =
        CircuitBreakerSettings.read(section.section("circuit-breaker"));
    Optional<ApiKey> apiKey = readApiKey(section, env);
    Optional<LocalTierSettings> local = Optional.empty();
    if (kind == TierKind.LOCAL) {
      local = Optional.of(readLocal(section.section("local"), maxOutputTokens));
    } else if (section.has("local")) {
      throw section.invalid("local", "is only for a tier with kind: local");
    }
    Optional<LocalTierSettings> localSettings = local;
    return section.build(
        () ->
            new TierSettings(
                name,
                kind,
                baseUrl,
                model,
                prices,
                timeouts,
                maxOutputTokens,
                retries,
                breaker,
                apiKey,
                localSettings));
  }

  /** Section {@code tiers[i].local}; keys and defaults are documented in application.yaml. */
  private static LocalTierSettings readLocal(SettingsReader local, int maxNewTokens) {
    Path modelDir =
        local
            .path("model-dir")
            .orElseThrow(() -> local.invalid("model-dir", "is required for a local tier"));
    Optional<ChatTemplate> template =
        local
            .verbatim("chat-template")
            .map(
                raw -> {
                  if (!raw.contains(ChatTemplate.USER)) {
                    throw local.invalid(
                        "chat-template",
                        "must contain the placeholder " + ChatTemplate.USER + ", got: " + raw);
                  }
                  return new ChatTemplate(raw);
                });
    List<String> stop = local.verbatimList("stop");
    SettingsReader sampling = local.section("sampling");
    double temperature = sampling.decimal("temperature", SamplingParams.GREEDY.temperature(), 0);
    double topP = sampling.decimal("top-p", 1.0, 0);
    if (!(topP > 0 && topP <= 1)) {
      throw sampling.invalid("top-p", "must be in (0, 1], got: " + topP);
    }
    int topK = sampling.integer("top-k", 0, 0, 1_000_000);
    long seed = sampling.longInteger("seed", 0L, Long.MIN_VALUE, Long.MAX_VALUE);
    int threads =
        local.integer("intra-op-threads", DecoderOptions.DEFAULT_INTRA_OP_THREADS, 1, 1024);
    int workers = local.integer("workers", LocalTierSettings.DEFAULT_WORKERS, 1, 1024);
    int queue = local.integer("queue", LocalTierSettings.DEFAULT_QUEUE_CAPACITY, 0, 1_000_000);
    SaturationPolicy whenSaturated =
        local
            .text("when-saturated")
            .map(
                raw ->
                    switch (raw.toLowerCase(Locale.ROOT)) {
                      case "refuse" -> SaturationPolicy.REFUSE;
                      case "escalate" -> SaturationPolicy.ESCALATE;
                      default ->
                          throw local.invalid(
                              "when-saturated", "must be refuse or escalate, got: " + raw);
                    })
            .orElse(LocalTierSettings.DEFAULT_WHEN_SATURATED);
    SettingsReader confidence = local.section("confidence");
    Optional<Path> calibration = confidence.path("calibration");
    double minProbability =
        confidence.decimal(
            "min-probability-good", LocalTierSettings.DEFAULT_MIN_PROBABILITY_GOOD, 0);
    if (minProbability > 1) {
      throw confidence.invalid("min-probability-good", "must be in [0, 1], got: " + minProbability);
    }
    double minMean =
        confidence.decimal("min-mean-logprob", LocalTierSettings.DEFAULT_MIN_MEAN_LOGPROB, -1000);
    if (minMean > 0) {
      throw confidence.invalid(
          "min-mean-logprob", "must be <= 0 (a log-probability), got: " + minMean);
    }
    int probe =
        confidence.integer(
            "stream-probe-tokens", LocalTierSettings.DEFAULT_STREAM_PROBE_TOKENS, 1, 100_000);
    return local.build(
        () ->
            new LocalTierSettings(
                modelDir,
                template,
                maxNewTokens,
                new SamplingParams(temperature, topP, topK, seed),
                stop,
                threads,
                workers,
                queue,
                whenSaturated,
                calibration,
                minProbability,
                minMean,
                probe));
  }

  private static Optional<ApiKey> readApiKey(SettingsReader section, Map<String, String> env) {
    Optional<String> variable = section.text("api-key-env");
    Optional<Path> file = section.path("api-key-file");
    if (variable.isPresent() && file.isPresent()) {
      throw section.invalid(
          "api-key-env", "and " + section.key("api-key-file") + " are exclusive; set one");
    }
    if (variable.isPresent()) {
      String name = variable.get();
      if (!ENV_VAR.matcher(name).matches()) {
        throw section.invalid("api-key-env", "must be an environment variable name, got: " + name);
      }
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw section.invalid(
            "api-key-env", "names environment variable " + name + ", which is not set");
      }
      return Optional.of(new ApiKey(value.strip(), "env " + name));
    }
    if (file.isPresent()) {
      return Optional.of(readKeyFile(section, file.get()));
    }
    return Optional.empty();
  }

  private static ApiKey readKeyFile(SettingsReader section, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw section.invalid("api-key-file", "names " + file + ", which is not a readable file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
    } catch (IOException e) {
      throw section.invalid("api-key-file", "names " + file + ", which cannot be read: " + e);
    }
    if (bytes.length > MAX_KEY_FILE_BYTES) {
      throw section.invalid(
          "api-key-file",
          "names " + file + ", which is larger than " + MAX_KEY_FILE_BYTES + " bytes: not a key");
    }
    String key = new String(bytes, StandardCharsets.UTF_8).strip();
    if (key.isEmpty()) {
      throw section.invalid("api-key-file", "names " + file + ", which is empty");
    }
    return new ApiKey(key, "file " + file);
  }
}
