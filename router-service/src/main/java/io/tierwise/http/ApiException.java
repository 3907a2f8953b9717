package io.tierwise.http;

import java.util.Objects;

/**
 * A request that cannot be served, with the HTTP status and the machine-readable code the client
 * gets in the OpenAI error shape {@code {"error":{"message","type","code"}}}. Any service
 * registered on the server may throw it (or a subclass); {@link ErrorMapping} renders it.
 */
public class ApiException extends RuntimeException {

  private final int status;
  private final String code;

  /**
   * @param status HTTP status, 400 to 599
   * @param code stable snake_case code, e.g. {@code unknown_tier}
   * @param message what went wrong and how to fix it; shown to the client
   */
  public ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public ApiException(int status, String code, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be in [400, 599], got: " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
  }

  /** HTTP 400 for a request the client must change. */
  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  /** HTTP 413 for a request body over the configured limit. */
  public static ApiException tooLarge(String message) {
    return new ApiException(413, "request_too_large", message);
  }

  /** HTTP 503 while the router is loading or after it failed to load. */
  public static ApiException notReady(String message) {
    return new ApiException(503, "router_not_ready", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /**
   * The OpenAI error type: {@code invalid_request_error} for client errors, {@code server_error}
   * otherwise, so OpenAI client libraries classify it as they do OpenAI's own errors.
   */
  public String type() {
    return status < 500 ? "invalid_request_error" : "server_error";
  }
}
