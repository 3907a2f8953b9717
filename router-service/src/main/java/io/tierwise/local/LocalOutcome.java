package io.tierwise.local;

/** How one attempt to answer a request with the local tier ended. */
public enum LocalOutcome {
  /** The local answer was confident enough and went to the client. */
  ANSWERED,
  /** The local answer was below the confidence threshold and was discarded. */
  LOW_CONFIDENCE,
  /** Every worker was busy and the queue full; nothing was generated. */
  SATURATED,
  /** The model could not answer: the prompt exceeds its context, or it failed at run time. */
  FAILED;

  /** Lower-case name for logs, metrics and JSON, e.g. {@code low_confidence}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
