package io.tierwise.gateway;

/** A gateway setting is missing, malformed or inconsistent; the message names the key and value. */
public final class GatewayConfigException extends RuntimeException {

  public GatewayConfigException(String message) {
    super(message);
  }

  public GatewayConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
