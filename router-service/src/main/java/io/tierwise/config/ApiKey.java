package io.tierwise.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret upstream API key, read from an environment variable or a file named in the
 * configuration. Its {@link #toString()} never shows the key, so settings can be logged.
 */
public final class ApiKey {

  private final String value;
  private final String origin;

  /**
   * @param value the key itself
   * @param origin where it came from, for messages, e.g. {@code env OPENAI_API_KEY}
   */
  public ApiKey(String value, String origin) {
    Objects.requireNonNull(value, "value");
    this.origin = Objects.requireNonNull(origin, "origin");
    if (value.isBlank()) {
      throw new IllegalArgumentException("API key from " + origin + " is blank");
    }
    this.value = value;
  }

  /** The key, for an {@code Authorization} header; never log it. */
  public String reveal() {
    return value;
  }

  /** Where the key came from, e.g. {@code env OPENAI_API_KEY} or {@code file /run/keys/openai}. */
  public String origin() {
    return origin;
  }

  @Override
  public boolean equals(Object other) {
    // Constant-time, so comparing keys leaks nothing through timing.
    return other instanceof ApiKey that
        && origin.equals(that.origin)
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return origin.hashCode();
  }

  @Override
  public String toString() {
    return "ApiKey[" + origin + ", redacted]";
  }
}
