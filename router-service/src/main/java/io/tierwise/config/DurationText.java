package io.tierwise.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as operators write them: {@code 2ms}, {@code 1.5s}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 250us}, or ISO-8601 such as {@code PT2S}.
 */
final class DurationText {

  static final String EXAMPLES = "a duration such as 2ms, 1.5s, 30s, 5m or PT2S";

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h)");

  private DurationText() {}

  /** The duration written in {@code text}, or empty when it is not one. */
  static Optional<Duration> parse(String text) {
    String trimmed = text.strip();
    Matcher simple = SIMPLE.matcher(trimmed);
    if (simple.matches()) {
      BigDecimal amount = new BigDecimal(simple.group(1));
      BigDecimal nanosPerUnit =
          BigDecimal.valueOf(
              switch (simple.group(2)) {
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default ->
                    throw new IllegalStateException("unit not in pattern: " + simple.group(2));
              });
      try {
        return Optional.of(Duration.ofNanos(amount.multiply(nanosPerUnit).longValueExact()));
      } catch (ArithmeticException e) {
        return Optional.empty();
      }
    }
    if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
      try {
        return Optional.of(Duration.parse(trimmed));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The shortest exact form of {@code duration} in the units {@link #parse} accepts. */
  static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    long[] unitNanos = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
    String[] units = {"h", "m", "s", "ms", "us"};
    for (int i = 0; i < units.length; i++) {
      if (nanos % unitNanos[i] == 0) {
        return nanos / unitNanos[i] + units[i];
      }
    }
    return duration.toString();
  }
}
