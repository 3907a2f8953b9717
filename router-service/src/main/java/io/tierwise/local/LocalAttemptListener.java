package io.tierwise.local;

/**
 * Told about every local attempt, right after the gateway decided what to do with it (before an
 * escalated request reaches the next tier). Called on the request's thread, so implementations must
 * be quick and thread-safe; an exception is logged and does not affect the response.
 */
@FunctionalInterface
public interface LocalAttemptListener {

  /** A listener that ignores every attempt. */
  LocalAttemptListener NONE = attempt -> {};

  void onLocalAttempt(LocalAttempt attempt);
}
