package io.tierwise.config;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole Tierwise configuration, bound once from {@code application.yaml} (plus environment
 * overrides, see {@link #environmentVariable(String)}) into typed, validated records.
 *
 * <pre>{@code
 * TierwiseSettings settings = TierwiseSettings.load(Path.of("application.yaml"), System.getenv());
 * }</pre>
 *
 * @param server HTTP listener and request limits
 * @param embedder the sentence-embedding model
 * @param router where the trained router artifact lives
 * @param batching micro-batching of concurrent route calls
 * @param conversation how multi-turn conversations are scored
 * @param tiers the model tiers and how to call them, in configuration order
 * @param fallbackOrder tier names to try, in order, when the chosen tier's upstream fails
 * @param tenants caller groups by name, sorted by name
 */
public record TierwiseSettings(
    ServerSettings server,
    EmbeddingSettings embedder,
    RouterSettings router,
    BatchingSettings batching,
    ConversationSettings conversation,
    GatewayOptions gateway,
    List<TierSettings> tiers,
    List<String> fallbackOrder,
    Map<String, TenantSettings> tenants) {

  private static final Pattern YAML_LOCATION =
      Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):?");

  /** The configuration bundled on the class path, used when no file is given. */
  public static final String BUNDLED_RESOURCE = "application.yaml";

  public TierwiseSettings {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(embedder, "embedder");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(gateway, "gateway");
    tiers = List.copyOf(tiers);
    fallbackOrder = List.copyOf(fallbackOrder);
    tenants = Collections.unmodifiableMap(new LinkedHashMap<>(tenants));
    Set<String> names = new HashSet<>();
    for (TierSettings tier : tiers) {
      if (!names.add(tier.name())) {
        throw new IllegalArgumentException("tier names must be unique, got twice: " + tier.name());
      }
    }
    for (String name : fallbackOrder) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException("fallback order names unknown tier: " + name);
      }
    }
  }

  /** Every setting at its default, with no tiers and no tenants. */
  public static TierwiseSettings defaults() {
    return new TierwiseSettings(
        ServerSettings.defaults(),
        EmbeddingSettings.defaults(),
        RouterSettings.defaults(),
        BatchingSettings.defaults(),
        ConversationSettings.defaults(),
        GatewayOptions.defaults(),
        List.of(),
        List.of(),
        Map.of());
  }

  /**
   * Loads a YAML file with environment overrides.
   *
   * @throws ConfigException naming the first invalid key, or the file when it cannot be read
   */
  public static TierwiseSettings load(Path file, Map<String, String> env) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ConfigException(file.toString(), "is not a readable file");
    }
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage(), e);
    }
    return parse(file.toString(), yaml, env);
  }

  /** Loads the {@code application.yaml} bundled with Tierwise, with environment overrides. */
  public static TierwiseSettings loadBundled(Map<String, String> env) {
    try (InputStream in =
        TierwiseSettings.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new ConfigException(BUNDLED_RESOURCE, "is missing from the class path");
      }
      return parse(
          "classpath:" + BUNDLED_RESOURCE,
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          env);
    } catch (IOException e) {
      throw new ConfigException(BUNDLED_RESOURCE, "cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Binds YAML text; {@code origin} names it in messages.
   *
   * @throws ConfigException naming the first invalid key
   */
  public static TierwiseSettings parse(String origin, String yaml, Map<String, String> env) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(env, "env");
    Config config;
    try {
      // Only this source: environment overrides follow our own documented rule (SettingsReader),
      // not Helidon's default mapping, and system properties are not a configuration channel.
      config =
          Config.just(
              ConfigSources.create(yaml.isBlank() ? "{}" : yaml, MediaTypes.APPLICATION_YAML));
    } catch (io.helidon.config.ConfigException e) {
      throw new ConfigException(origin, "is not valid YAML: " + yamlProblem(rootMessage(e)), e);
    }
    return bind(config, env);
  }

  /**
   * Binds an already built Helidon configuration.
   *
   * @throws ConfigException naming the first invalid key
   */
  public static TierwiseSettings bind(Config config, Map<String, String> env) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(env, "env");
    Set<String> consumed = new HashSet<>();
    SettingsReader root = SettingsReader.root(config, env, consumed);
    ServerSettings server = ServerSettings.read(root.section("server"));
    EmbeddingSettings embedder = EmbeddingSettings.read(root.section("embedder"));
    RouterSettings router = RouterSettings.read(root.section("router"));
    BatchingSettings batching = BatchingSettings.read(root.section("batching"));
    ConversationSettings conversation = ConversationSettings.read(root.section("conversation"));
    GatewayOptions gateway = GatewayOptions.read(root.section("gateway"));
    List<TierSettings> tiers = readTiers(root, env);
    Set<String> tierNames = new LinkedHashSet<>();
    tiers.forEach(t -> tierNames.add(t.name()));
    List<String> fallbackOrder = readFallbackOrder(root, tierNames);
    Map<String, TenantSettings> tenants = new LinkedHashMap<>();
    root.namedSections("tenants")
        .forEach(
            (name, section) -> tenants.put(name, TenantSettings.read(name, section, tierNames)));
    UnknownKeys.reject(config, consumed);
    return root.build(
        () ->
            new TierwiseSettings(
                server,
                embedder,
                router,
                batching,
                conversation,
                gateway,
                tiers,
                fallbackOrder,
                tenants));
  }

  /**
   * The environment variable that overrides {@code key}: {@code TIERWISE_} plus the key upper-cased
   * with every run of other characters than letters and digits replaced by {@code _}, e.g. {@code
   * server.max-request-bytes} is {@code TIERWISE_SERVER_MAX_REQUEST_BYTES} and {@code
   * tiers[1].prices.input} is {@code TIERWISE_TIERS_1_PRICES_INPUT}.
   */
  public static String environmentVariable(String key) {
    return SettingsReader.environmentVariable(Objects.requireNonNull(key, "key"));
  }

  /** The tier named {@code name}. */
  public Optional<TierSettings> tier(String name) {
    return tiers.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The tenant named {@code name}. */
  public Optional<TenantSettings> tenant(String name) {
    return Optional.ofNullable(tenants.get(name));
  }

  /** The same settings with other server settings, e.g. port 0 in tests. */
  public TierwiseSettings withServer(ServerSettings newServer) {
    return new TierwiseSettings(
        newServer,
        embedder,
        router,
        batching,
        conversation,
        gateway,
        tiers,
        fallbackOrder,
        tenants);
  }

  /** The same settings with other tenants. */
  public TierwiseSettings withTenants(Map<String, TenantSettings> newTenants) {
    return new TierwiseSettings(
        server,
        embedder,
        router,
        batching,
        conversation,
        gateway,
        tiers,
        fallbackOrder,
        newTenants);
  }

  /** The same settings with other batching. */
  public TierwiseSettings withBatching(BatchingSettings newBatching) {
    return new TierwiseSettings(
        server,
        embedder,
        router,
        newBatching,
        conversation,
        gateway,
        tiers,
        fallbackOrder,
        tenants);
  }

  private static List<TierSettings> readTiers(SettingsReader root, Map<String, String> env) {
    List<TierSettings> tiers = new ArrayList<>();
    Map<String, Integer> firstIndex = new LinkedHashMap<>();
    List<SettingsReader> sections = root.sectionList("tiers");
    for (int i = 0; i < sections.size(); i++) {
      TierSettings tier = TierSettings.read(sections.get(i), env);
      Integer previous = firstIndex.putIfAbsent(tier.name(), i);
      if (previous != null) {
        throw sections
            .get(i)
            .invalid("name", "repeats tier name '" + tier.name() + "' of tiers[" + previous + "]");
      }
      tiers.add(tier);
    }
    return tiers;
  }

  private static List<String> readFallbackOrder(SettingsReader root, Set<String> tierNames) {
    List<String> order = root.textList("fallback-order");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < order.size(); i++) {
      String name = order.get(i);
      String key = "fallback-order[" + i + "]";
      if (!tierNames.contains(name)) {
        throw root.invalid(
            key,
            "names unknown tier '"
                + name
                + "'; known tiers: "
                + (tierNames.isEmpty() ? "(none configured)" : String.join(", ", tierNames)));
      }
      if (!seen.add(name)) {
        throw root.invalid(key, "repeats tier '" + name + "'");
      }
    }
    return order;
  }

  /**
   * The last problem and its position from a SnakeYAML message, which otherwise spans several lines
   * of context, source excerpts and carets.
   */
  static String yamlProblem(String message) {
    Matcher location = YAML_LOCATION.matcher(message);
    String problem = null;
    String position = null;
    int segmentStart = 0;
    while (location.find()) {
      String[] lines = message.substring(segmentStart, location.start()).split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        String line = lines[i].strip();
        if (!line.isEmpty() && !line.matches("\\^+")) {
          problem = line;
          break;
        }
      }
      position = "line " + location.group(1) + ", column " + location.group(2);
      segmentStart = location.end();
    }
    return problem == null ? message : problem + " at " + position;
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
