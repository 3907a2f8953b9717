package io.tierwise.tier;

/** A tier configuration that cannot be used; the message names the key and the problem. */
public final class TierConfigException extends RuntimeException {
  public TierConfigException(String message) {
    super(message);
  }

  public TierConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
