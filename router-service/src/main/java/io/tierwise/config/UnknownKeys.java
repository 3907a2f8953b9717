package io.tierwise.config;

import io.helidon.config.Config;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rejects keys that no setting reads, so a typo such as {@code server.prot} fails at start instead
 * of silently leaving the default in force.
 */
final class UnknownKeys {

  private UnknownKeys() {}

  /**
   * @param root the whole configuration tree
   * @param consumed keys (as written in YAML, e.g. {@code tiers[0].name}) that settings read; a
   *     consumed key also covers everything below it
   * @throws ConfigException for the first key nothing reads
   */
  static void reject(Config root, Set<String> consumed) {
    visit(root, "", consumed);
  }

  private static void visit(Config node, String key, Set<String> consumed) {
    if (node.isLeaf()) {
      if (!isCovered(key, consumed)) {
        throw new ConfigException(key, problem(key, consumed));
      }
      return;
    }
    List<Config> children = node.asNodeList().orElse(List.of());
    for (int i = 0; i < children.size(); i++) {
      Config child = children.get(i);
      String childKey;
      if (node.isList()) {
        childKey = key + "[" + i + "]";
      } else {
        childKey = key.isEmpty() ? child.name() : key + "." + child.name();
      }
      visit(child, childKey, consumed);
    }
  }

  private static boolean isCovered(String key, Set<String> consumed) {
    String current = key;
    while (!current.isEmpty()) {
      if (consumed.contains(current)) {
        return true;
      }
      current = parent(current);
    }
    return false;
  }

  private static String parent(String key) {
    int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    return cut < 0 ? "" : key.substring(0, cut);
  }

  private static String problem(String key, Set<String> consumed) {
    String name = key.substring(parent(key).length()).replaceFirst("^\\.", "");
    if (name.equalsIgnoreCase("api-key") || name.equalsIgnoreCase("apikey")) {
      // Never echo the value: it is probably a real key.
      return "is not allowed: secrets are read only from api-key-env or api-key-file";
    }
    return "is not a known setting"
        + suggestion(key, consumed).map(s -> " (did you mean " + s + "?)").orElse("");
  }

  /** The read key with the same parent whose last segment is closest, if it is close at all. */
  private static Optional<String> suggestion(String key, Set<String> consumed) {
    String parent = parent(key);
    String name = key.substring(parent.length()).replaceFirst("^\\.", "");
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : consumed) {
      if (!parent(candidate).equals(parent) || candidate.equals(key)) {
        continue;
      }
      String candidateName = candidate.substring(parent.length()).replaceFirst("^\\.", "");
      int distance = editDistance(name, candidateName);
      if (distance < bestDistance || (distance == bestDistance && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
