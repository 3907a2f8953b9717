package io.tierwise.feedback;

import java.util.Objects;

/**
 * What submitting feedback did; every case but {@link UnknownDecision} carries the stored label.
 */
public sealed interface FeedbackResult {

  /** The label is new and now committed. */
  record Created(StoredFeedback stored) implements FeedbackResult {
    public Created {
      Objects.requireNonNull(stored, "stored");
    }
  }

  /** The same label was already stored (a retry); nothing changed. */
  record Repeated(StoredFeedback stored) implements FeedbackResult {
    public Repeated {
      Objects.requireNonNull(stored, "stored");
    }
  }

  /**
   * A different label from the same source was already stored; the first one stands, since labels
   * feed retraining and must not change under a running training job.
   */
  record Conflict(StoredFeedback stored) implements FeedbackResult {
    public Conflict {
      Objects.requireNonNull(stored, "stored");
    }
  }

  /** No decision with this id was recorded. */
  record UnknownDecision(String decisionId) implements FeedbackResult {
    public UnknownDecision {
      Objects.requireNonNull(decisionId, "decisionId");
    }
  }
}
