package io.tierwise.retraining;

/** Retraining cannot run on what it was given; the message names the input and what is wrong. */
public final class RetrainingException extends RuntimeException {

  public RetrainingException(String message) {
    super(message);
  }

  public RetrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
