package io.tierwise.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Time limits for calls to a tier's upstream (YAML section {@code tiers[i].timeouts}).
 *
 * @param connect to open the connection
 * @param read between bytes of the response, so a stalled stream fails even when it began
 * @param total for the whole call including retries
 */
public record UpstreamTimeouts(Duration connect, Duration read, Duration total) {

  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ = Duration.ofSeconds(60);
  public static final Duration DEFAULT_TOTAL = Duration.ofSeconds(120);

  private static final Duration MIN = Duration.ofMillis(1);
  private static final Duration MAX = Duration.ofHours(1);

  public UpstreamTimeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(total, "total");
    for (Duration d : new Duration[] {connect, read, total}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be > 0, got: " + d);
      }
    }
    if (connect.compareTo(total) > 0 || read.compareTo(total) > 0) {
      throw new IllegalArgumentException(
          "connect and read timeouts must not exceed total, got connect="
              + connect
              + " read="
              + read
              + " total="
              + total);
    }
  }

  public static UpstreamTimeouts defaults() {
    return new UpstreamTimeouts(DEFAULT_CONNECT, DEFAULT_READ, DEFAULT_TOTAL);
  }

  static UpstreamTimeouts read(SettingsReader section) {
    Duration connect = section.duration("connect", DEFAULT_CONNECT, MIN, MAX);
    Duration read = section.duration("read", DEFAULT_READ, MIN, MAX);
    Duration total = section.duration("total", DEFAULT_TOTAL, MIN, MAX);
    if (connect.compareTo(total) > 0) {
      throw section.invalid(
          "connect",
          "must not exceed "
              + section.key("total")
              + " ("
              + DurationText.format(total)
              + "), got: "
              + DurationText.format(connect));
    }
    if (read.compareTo(total) > 0) {
      throw section.invalid(
          "read",
          "must not exceed "
              + section.key("total")
              + " ("
              + DurationText.format(total)
              + "), got: "
              + DurationText.format(read));
    }
    return section.build(() -> new UpstreamTimeouts(connect, read, total));
  }
}
