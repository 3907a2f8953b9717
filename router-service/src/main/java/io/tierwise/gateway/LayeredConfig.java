package io.tierwise.gateway;

import io.helidon.config.Config;
import io.helidon.config.ConfigMappingException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads one settings group where each key is looked up first in a specific node (one upstream) and
 * then in a shared defaults node, so operators write shared values once.
 */
final class LayeredConfig {

  private final Config primary;
  private final Config defaults;

  LayeredConfig(Config primary, Config defaults) {
    this.primary = primary;
    this.defaults = defaults;
  }

  /** A node read on its own, without shared defaults. */
  static LayeredConfig of(Config node) {
    return new LayeredConfig(node, Config.empty());
  }

  /** The same layering one level down, e.g. {@code retry}. */
  LayeredConfig child(String name) {
    return new LayeredConfig(primary.get(name), defaults.get(name));
  }

  Optional<String> string(String key) {
    Config node = primary.get(key).exists() ? primary.get(key) : defaults.get(key);
    if (!node.exists()) {
      return Optional.empty();
    }
    if (!node.isLeaf()) {
      throw new GatewayConfigException(
          "'" + node.key() + "' must be a single value, not a section");
    }
    return node.asString().asOptional();
  }

  String requiredString(String key) {
    return string(key)
        .filter(s -> !s.isBlank())
        .orElseThrow(
            () -> new GatewayConfigException("'" + primary.key() + "." + key + "' is required"));
  }

  Duration duration(String key, Duration fallback) {
    return string(key).map(text -> DurationText.parse(qualified(key), text)).orElse(fallback);
  }

  int integer(String key, int fallback) {
    return string(key).map(text -> parseInt(key, text)).orElse(fallback);
  }

  double decimal(String key, double fallback) {
    return string(key).map(text -> parseDouble(key, text)).orElse(fallback);
  }

  Optional<Double> decimal(String key) {
    return string(key).map(text -> parseDouble(key, text));
  }

  boolean bool(String key, boolean fallback) {
    return string(key)
        .map(
            text ->
                switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                  case "true" -> true;
                  case "false" -> false;
                  default ->
                      throw new GatewayConfigException(
                          "'" + qualified(key) + "' must be true or false, got: '" + text + "'");
                })
        .orElse(fallback);
  }

  /** A list of strings from the specific node only (lists are not merged with defaults). */
  List<String> strings(String key) {
    Config node = primary.get(key);
    if (!node.exists()) {
      return List.of();
    }
    try {
      return node.asList(String.class).get();
    } catch (ConfigMappingException e) {
      throw new GatewayConfigException("'" + node.key() + "' must be a list of names", e);
    }
  }

  private int parseInt(String key, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new GatewayConfigException(
          "'" + qualified(key) + "' must be an integer, got: '" + text + "'", e);
    }
  }

  private double parseDouble(String key, String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new GatewayConfigException(
          "'" + qualified(key) + "' must be a number, got: '" + text + "'", e);
    }
  }

  private String qualified(String key) {
    return primary.get(key).exists()
        ? primary.get(key).key().toString()
        : defaults.get(key).key().toString();
  }
}
