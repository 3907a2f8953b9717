package io.tierwise.config;

import io.helidon.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads typed values from one section of the configuration tree, applying environment overrides and
 * naming the full key (e.g. {@code tiers[1].prices.input}) in every error.
 *
 * <p>Environment rule: the value of key {@code K} is taken from the environment variable {@code
 * TIERWISE_} + {@code K} upper-cased with every run of characters other than letters and digits
 * replaced by one {@code _}, when that variable is set and not blank. So {@code server.port} is
 * {@code TIERWISE_SERVER_PORT}, {@code server.max-request-bytes} is {@code
 * TIERWISE_SERVER_MAX_REQUEST_BYTES}, and {@code tiers[1].prices.input} is {@code
 * TIERWISE_TIERS_1_PRICES_INPUT}. List values are comma-separated. Environment variables override
 * values of keys; they cannot add list entries (tiers) or map entries (tenants).
 */
final class SettingsReader {

  static final String ENV_PREFIX = "TIERWISE_";

  private final Config node;
  private final String path;
  private final Map<String, String> env;
  private final Set<String> consumed;

  private SettingsReader(Config node, String path, Map<String, String> env, Set<String> consumed) {
    this.node = node;
    this.path = path;
    this.env = env;
    this.consumed = consumed;
  }

  static SettingsReader root(Config root, Map<String, String> env, Set<String> consumed) {
    return new SettingsReader(root, "", env, consumed);
  }

  /** The environment variable that overrides {@code key}. */
  static String environmentVariable(String key) {
    String normalised = key.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
    return ENV_PREFIX + normalised.toUpperCase(Locale.ROOT);
  }

  /** The full key of {@code name} in this section, as written in YAML. */
  String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The full key of this section. */
  String path() {
    return path;
  }

  ConfigException invalid(String name, String problem) {
    String key = key(name);
    String variable = environmentVariable(key);
    boolean fromEnv = env.containsKey(variable) && !env.get(variable).isBlank();
    return new ConfigException(
        key, fromEnv ? problem + " (from environment variable " + variable + ")" : problem);
  }

  /** A nested section; a missing one reads as all defaults. */
  SettingsReader section(String name) {
    Config child = node.get(name);
    if (child.exists() && !child.isObject()) {
      throw invalid(name, "must be a section of key: value pairs, not " + shape(child));
    }
    return new SettingsReader(child, key(name), env, consumed);
  }

  /** A list of sections, e.g. {@code tiers}; missing reads as empty. */
  List<SettingsReader> sectionList(String name) {
    Config child = node.get(name);
    if (!child.exists()) {
      return List.of();
    }
    if (!child.isList()) {
      throw invalid(name, "must be a list, not " + shape(child));
    }
    List<Config> items = child.asNodeList().get();
    List<SettingsReader> sections = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String itemKey = key(name) + "[" + i + "]";
      if (!items.get(i).isObject()) {
        throw new ConfigException(
            itemKey, "must be a section of key: value pairs, not " + shape(items.get(i)));
      }
      sections.add(new SettingsReader(items.get(i), itemKey, env, consumed));
    }
    return sections;
  }

  /** A map of named sections, e.g. {@code tenants}, sorted by name; missing reads as empty. */
  Map<String, SettingsReader> namedSections(String name) {
    Config child = node.get(name);
    if (!child.exists()) {
      return Map.of();
    }
    if (!child.isObject()) {
      throw invalid(name, "must be a section of name: settings entries, not " + shape(child));
    }
    // Helidon does not keep the YAML order of keys; sorting keeps results and messages stable.
    Map<String, SettingsReader> sections = new TreeMap<>();
    for (Config item : child.asNodeList().get()) {
      String itemKey = key(name) + "." + item.name();
      if (!item.isObject()) {
        throw new ConfigException(
            itemKey, "must be a section of key: value pairs, not " + shape(item));
      }
      sections.put(item.name(), new SettingsReader(item, itemKey, env, consumed));
    }
    return sections;
  }

  /** Whether the key has a value in YAML or the environment. */
  boolean has(String name) {
    return env.containsKey(environmentVariable(key(name))) || node.get(name).exists();
  }

  /** The raw value, environment first; blank reads as absent. */
  Optional<String> text(String name) {
    String key = key(name);
    consumed.add(key);
    String fromEnv = env.get(environmentVariable(key));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(fromEnv.strip());
    }
    Config child = node.get(name);
    if (!child.exists()) {
      return Optional.empty();
    }
    if (!child.isLeaf()) {
      throw invalid(name, "must be a single value, not " + shape(child));
    }
    return child.asString().asOptional().map(String::strip).filter(s -> !s.isEmpty());
  }

  /**
   * The value exactly as written, whitespace and line breaks kept (chat templates and stop strings
   * end in newlines that matter); empty reads as absent.
   */
  Optional<String> verbatim(String name) {
    String key = key(name);
    consumed.add(key);
    String fromEnv = env.get(environmentVariable(key));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Optional.of(fromEnv);
    }
    Config child = node.get(name);
    if (!child.exists()) {
      return Optional.empty();
    }
    if (!child.isLeaf()) {
      throw invalid(name, "must be a single value, not " + shape(child));
    }
    return child.asString().asOptional().filter(s -> !s.isEmpty());
  }

  /**
   * A YAML list of values exactly as written (see {@link #verbatim}); from the environment, one
   * comma-separated value.
   */
  List<String> verbatimList(String name) {
    String key = key(name);
    consumed.add(key);
    String fromEnv = env.get(environmentVariable(key));
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Arrays.stream(fromEnv.split(",")).filter(s -> !s.isEmpty()).toList();
    }
    Config child = node.get(name);
    if (!child.exists()) {
      return List.of();
    }
    if (!child.isList()) {
      throw invalid(name, "must be a list of values, not " + shape(child));
    }
    List<Config> items = child.asNodeList().get();
    List<String> values = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Config item = items.get(i);
      String itemKey = key + "[" + i + "]";
      if (!item.isLeaf()) {
        throw new ConfigException(itemKey, "must be a single value, not " + shape(item));
      }
      String value = item.asString().asOptional().orElse("");
      if (value.isEmpty()) {
        throw new ConfigException(itemKey, "must not be empty");
      }
      values.add(value);
    }
    return List.copyOf(values);
  }

  String text(String name, String defaultValue) {
    return text(name).orElse(defaultValue);
  }

  String requiredText(String name) {
    return text(name).orElseThrow(() -> invalid(name, "is required"));
  }

  int integer(String name, int defaultValue, int min, int max) {
    return text(name).map(raw -> integer(name, raw, min, max)).orElse(defaultValue);
  }

  long longInteger(String name, long defaultValue, long min, long max) {
    Optional<String> raw = text(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    long value;
    try {
      value = Long.parseLong(raw.get());
    } catch (NumberFormatException e) {
      throw invalid(name, "must be an integer, got: " + raw.get());
    }
    return inRange(name, value, min, max);
  }

  double decimal(String name, double defaultValue, double min) {
    return decimal(name, min).orElse(defaultValue);
  }

  double requiredDecimal(String name, double min) {
    return decimal(name, min).orElseThrow(() -> invalid(name, "is required"));
  }

  Optional<Double> decimal(String name, double min) {
    return text(name)
        .map(
            raw -> {
              double value;
              try {
                value = Double.parseDouble(raw);
              } catch (NumberFormatException e) {
                throw invalid(name, "must be a number, got: " + raw);
              }
              if (!Double.isFinite(value)) {
                throw invalid(name, "must be a finite number, got: " + raw);
              }
              if (value < min) {
                throw invalid(name, "must be >= " + plain(min) + ", got: " + raw);
              }
              return value;
            });
  }

  boolean bool(String name, boolean defaultValue) {
    return text(name)
        .map(
            raw ->
                switch (raw.toLowerCase(Locale.ROOT)) {
                  case "true" -> true;
                  case "false" -> false;
                  default -> throw invalid(name, "must be true or false, got: " + raw);
                })
        .orElse(defaultValue);
  }

  /** A duration between {@code min} and {@code max} inclusive. */
  Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
    Optional<String> raw = text(name);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    Duration value =
        DurationText.parse(raw.get())
            .orElseThrow(
                () -> invalid(name, "must be " + DurationText.EXAMPLES + ", got: " + raw.get()));
    if (value.compareTo(min) < 0) {
      throw invalid(name, "must be >= " + DurationText.format(min) + ", got: " + raw.get());
    }
    if (value.compareTo(max) > 0) {
      throw invalid(name, "must be <= " + DurationText.format(max) + ", got: " + raw.get());
    }
    return value;
  }

  Optional<Path> path(String name) {
    return text(name)
        .map(
            raw -> {
              try {
                return Path.of(raw);
              } catch (InvalidPathException e) {
                throw invalid(name, "must be a file system path, got: " + raw);
              }
            });
  }

  /** An absolute http or https URI. */
  Optional<URI> httpUri(String name) {
    return text(name)
        .map(
            raw -> {
              URI uri;
              try {
                uri = new URI(raw);
              } catch (URISyntaxException e) {
                throw invalid(name, "must be an http(s) URL, got: " + raw);
              }
              String scheme = uri.getScheme();
              if (scheme == null
                  || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                  || uri.getHost() == null) {
                throw invalid(name, "must be an absolute http(s) URL, got: " + raw);
              }
              return uri;
            });
  }

  /** A list of plain values: a YAML list, or one comma-separated value (as env vars carry). */
  List<String> textList(String name) {
    String key = key(name);
    consumed.add(key);
    String fromEnv = env.get(environmentVariable(key));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return splitCommas(fromEnv);
    }
    Config child = node.get(name);
    if (!child.exists()) {
      return List.of();
    }
    if (child.isLeaf()) {
      return child.asString().asOptional().map(SettingsReader::splitCommas).orElse(List.of());
    }
    if (!child.isList()) {
      throw invalid(name, "must be a list of values, not " + shape(child));
    }
    List<Config> items = child.asNodeList().get();
    List<String> values = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Config item = items.get(i);
      String itemKey = key + "[" + i + "]";
      if (!item.isLeaf()) {
        throw new ConfigException(itemKey, "must be a single value, not " + shape(item));
      }
      String value = item.asString().asOptional().map(String::strip).orElse("");
      if (value.isEmpty()) {
        throw new ConfigException(itemKey, "must not be empty");
      }
      values.add(value);
    }
    return List.copyOf(values);
  }

  /** Runs a record constructor, reporting its validation failure against this section's key. */
  <T> T build(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path.isEmpty() ? "(root)" : path, e.getMessage(), e);
    }
  }

  private int integer(String name, String raw, int min, int max) {
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw invalid(name, "must be an integer, got: " + raw);
    }
    return (int) inRange(name, value, min, max);
  }

  private long inRange(String name, long value, long min, long max) {
    if (value < min) {
      throw invalid(name, "must be >= " + min + ", got: " + value);
    }
    if (value > max) {
      throw invalid(name, "must be <= " + max + ", got: " + value);
    }
    return value;
  }

  private static List<String> splitCommas(String raw) {
    return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static String shape(Config node) {
    if (node.isList()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a section";
    }
    return "a single value";
  }
}
