package io.tierwise.feedback;

/** The feedback store could not be opened, read or written. */
public final class FeedbackStoreException extends RuntimeException {
  public FeedbackStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
