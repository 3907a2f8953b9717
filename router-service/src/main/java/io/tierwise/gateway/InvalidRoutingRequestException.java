package io.tierwise.gateway;

import java.util.Objects;

/**
 * A chat request that cannot be routed as sent (HTTP 400), e.g. it names an unknown tenant or has
 * no user text to score.
 */
public final class InvalidRoutingRequestException extends RuntimeException {

  private final String code;

  /**
   * @param code machine-readable reason for the OpenAI error body, e.g. {@code unknown_tenant}
   * @param message what is wrong, for the caller
   */
  public InvalidRoutingRequestException(String code, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.code = Objects.requireNonNull(code, "code");
  }

  public String code() {
    return code;
  }
}
