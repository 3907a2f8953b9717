package io.tierwise.gateway;

import java.util.Objects;

/**
 * A resolved upstream API key. Its {@link #toString()} is redacted so the key never reaches a log
 * line or an exception message by accident.
 */
public final class ApiKey {

  private final String secret;

  private ApiKey(String secret) {
    this.secret = secret;
  }

  /** Wraps a key; surrounding whitespace (a trailing newline in a key file) is dropped. */
  public static ApiKey of(String secret) {
    Objects.requireNonNull(secret, "secret");
    String trimmed = secret.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("API key must not be blank");
    }
    return new ApiKey(trimmed);
  }

  /** The value for the {@code Authorization: Bearer} header; never log it. */
  String bearerValue() {
    return "Bearer " + secret;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey other && other.secret.equals(secret);
  }

  @Override
  public int hashCode() {
    return secret.hashCode();
  }

  @Override
  public String toString() {
    return "ApiKey[redacted]";
  }
}
