package io.tierwise.feedback;

import java.time.Instant;
import java.util.Objects;

/**
 * Feedback as committed to the store.
 *
 * @param feedback what was sent
 * @param recordedAt when it was first committed
 */
public record StoredFeedback(Feedback feedback, Instant recordedAt) {
  public StoredFeedback {
    Objects.requireNonNull(feedback, "feedback");
    Objects.requireNonNull(recordedAt, "recordedAt");
  }
}
