package io.tierwise.tier;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.MissingValueException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the tiers a router chooses among from configuration, in the order given (cheapest first):
 *
 * <pre>{@code
 * tiers:
 *   - name: small
 *     model: mistral-7b-instruct
 *     price: {input: 0.20, output: 0.20}   # USD per 1M tokens
 *     kind: remote                         # or local
 * }</pre>
 */
public final class TierList {

  private TierList() {}

  /** Reads {@code tiers} from a YAML file. */
  public static List<Tier> load(Path yaml) {
    Objects.requireNonNull(yaml, "yaml");
    if (!Files.isRegularFile(yaml)) {
      throw new TierConfigException("tier file not found: " + yaml);
    }
    Config config =
        Config.builder()
            .disableEnvironmentVariablesSource()
            .disableSystemPropertiesSource()
            .addSource(ConfigSources.file(yaml))
            .build();
    return fromConfig(config.get("tiers"));
  }

  /** Binds a {@code tiers} list node; the message of any error names the offending key. */
  public static List<Tier> fromConfig(Config tiersNode) {
    Objects.requireNonNull(tiersNode, "tiersNode");
    String key = tiersNode.key().toString();
    if (!tiersNode.exists()) {
      throw new TierConfigException(key + ": missing; at least two tiers are required");
    }
    List<Config> nodes = tiersNode.asNodeList().orElse(List.of());
    List<Tier> tiers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      Config node = nodes.get(i);
      String at = key + "[" + i + "]";
      String name = required(node, "name", at);
      if (!names.add(name)) {
        throw new TierConfigException(at + ".name: duplicate tier name '" + name + "'");
      }
      String model = required(node, "model", at);
      double input = price(node, "input", at);
      double output = price(node, "output", at);
      String kindText = node.get("kind").asString().orElse("remote");
      TierKind kind;
      try {
        kind = TierKind.valueOf(kindText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TierConfigException(
            at + ".kind: must be local or remote, got '" + kindText + "'");
      }
      tiers.add(new Tier(name, model, input, output, kind));
    }
    if (tiers.size() < 2) {
      throw new TierConfigException(key + ": at least two tiers are required, got " + tiers.size());
    }
    return List.copyOf(tiers);
  }

  private static String required(Config node, String name, String at) {
    String value = node.get(name).asString().orElse("").trim();
    if (value.isEmpty()) {
      throw new TierConfigException(at + "." + name + ": missing or empty");
    }
    return value;
  }

  private static double price(Config node, String name, String at) {
    Config value = node.get("price").get(name);
    String key = at + ".price." + name;
    if (!value.exists()) {
      throw new TierConfigException(key + ": missing (USD per 1M tokens)");
    }
    double usd;
    try {
      usd = value.asDouble().get();
    } catch (MissingValueException | io.helidon.config.ConfigMappingException e) {
      throw new TierConfigException(key + ": not a number: '" + value.asString().orElse("") + "'");
    }
    if (!(usd >= 0) || Double.isInfinite(usd)) {
      throw new TierConfigException(key + ": must be >= 0, got " + usd);
    }
    return usd;
  }
}
