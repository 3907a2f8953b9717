package io.tierwise.gateway;

import java.util.Objects;

/**
 * A request the gateway answers with an OpenAI-shaped error: {@code
 * {"error":{"message","type","code"}}}.
 */
final class OpenAiErrorException extends RuntimeException {

  private final int status;
  private final String type;
  private final String code;

  OpenAiErrorException(int status, String type, String code, String message) {
    super(message);
    this.status = status;
    this.type = Objects.requireNonNull(type, "type");
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The request's thread was interrupted because the server is stopping. */
  static OpenAiErrorException shuttingDown() {
    return new OpenAiErrorException(
        503, "api_error", "shutting_down", "the gateway is shutting down");
  }

  static OpenAiErrorException invalidRequest(String code, String message) {
    return new OpenAiErrorException(400, "invalid_request_error", code, message);
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  String code() {
    return code;
  }
}
