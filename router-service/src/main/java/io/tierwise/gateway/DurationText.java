package io.tierwise.gateway;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations operators write in config: ISO-8601 ({@code PT2.5S}) or a number with a unit
 * ({@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}).
 */
final class DurationText {

  private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  private DurationText() {}

  /**
   * Parses {@code text}; {@code key} only names the setting in the error message.
   *
   * @throws GatewayConfigException when the text is neither form
   */
  static Duration parse(String key, String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith("p")) {
      try {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(key, text, e);
      }
    }
    Matcher m = SHORT.matcher(trimmed);
    if (!m.matches()) {
      throw invalid(key, text, null);
    }
    double amount = Double.parseDouble(m.group(1));
    double millis =
        switch (m.group(2)) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          case "h" -> amount * 3_600_000;
          default -> throw invalid(key, text, null);
        };
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  private static GatewayConfigException invalid(String key, String text, Exception cause) {
    return new GatewayConfigException(
        "'" + key + "' must be a duration such as 250ms, 2s, 1m or PT2S, got: '" + text + "'",
        cause);
  }
}
