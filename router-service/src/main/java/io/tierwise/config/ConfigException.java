package io.tierwise.config;

import java.util.Objects;

/**
 * An invalid Tierwise configuration: names the offending key and the problem in one line, e.g.
 * {@code invalid configuration: tiers[1].prices.input must be >= 0, got: -1}. Commands that start
 * the server print {@link #getMessage()} to stderr and exit with {@link #EXIT_CODE}.
 */
public final class ConfigException extends RuntimeException {

  /** Process exit code for an invalid configuration. */
  public static final int EXIT_CODE = 2;

  private final String key;
  private final String problem;

  /**
   * @param key the offending key as written in YAML, e.g. {@code tiers[1].prices.input}
   * @param problem what is wrong, starting with a verb, e.g. {@code must be >= 0, got: -1}
   */
  public ConfigException(String key, String problem) {
    this(key, problem, null);
  }

  public ConfigException(String key, String problem, Throwable cause) {
    super(
        "invalid configuration: "
            + Objects.requireNonNull(key, "key")
            + " "
            + oneLine(Objects.requireNonNull(problem, "problem")),
        cause);
    this.key = key;
    this.problem = oneLine(problem);
  }

  /** The offending key, e.g. {@code server.port}. */
  public String key() {
    return key;
  }

  /** The problem, without the key. */
  public String problem() {
    return problem;
  }

  // Parser messages (SnakeYAML) span several lines; operators get exactly one.
  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
