package io.tierwise.feedback;

import java.util.Objects;
import java.util.Optional;

/**
 * One feedback label for a decision, as sent to {@code POST /v1/feedback}.
 *
 * @param decisionId the decision the feedback is about
 * @param source who judged the answer; one label per (decision, source)
 * @param score quality of the answer in [0, 1]; thumbs up is 1, down is 0
 * @param thumbs {@code up} or {@code down} when the client sent thumbs rather than a score
 * @param note free text kept for audit, if any
 */
public record Feedback(
    String decisionId,
    LabelSource source,
    double score,
    Optional<Thumbs> thumbs,
    Optional<String> note) {

  /** Longest note kept; notes are for audit, not for storing transcripts. */
  public static final int MAX_NOTE_CHARS = 4000;

  /** A user's binary verdict. */
  public enum Thumbs {
    UP,
    DOWN;

    public double score() {
      return this == UP ? 1.0 : 0.0;
    }
  }

  public Feedback {
    Objects.requireNonNull(decisionId, "decisionId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(thumbs, "thumbs");
    Objects.requireNonNull(note, "note");
    if (decisionId.isBlank()) {
      throw new IllegalArgumentException("decisionId must not be blank");
    }
    if (!source.acceptedAsFeedback()) {
      throw new IllegalArgumentException(
          "source " + source.wireName() + " is recorded by the local tier, not sent as feedback");
    }
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], got: " + score);
    }
    if (thumbs.isPresent() && thumbs.get().score() != score) {
      throw new IllegalArgumentException(
          "score " + score + " contradicts thumbs " + thumbs.get().name().toLowerCase());
    }
    if (note.isPresent() && note.get().length() > MAX_NOTE_CHARS) {
      throw new IllegalArgumentException(
          "note must be at most " + MAX_NOTE_CHARS + " characters, got: " + note.get().length());
    }
  }

  /** Feedback given as a score. */
  public static Feedback ofScore(
      String decisionId, LabelSource source, double score, Optional<String> note) {
    return new Feedback(decisionId, source, score, Optional.empty(), note);
  }

  /** Feedback given as thumbs. */
  public static Feedback ofThumbs(
      String decisionId, LabelSource source, Thumbs thumbs, Optional<String> note) {
    return new Feedback(decisionId, source, thumbs.score(), Optional.of(thumbs), note);
  }

  /** Whether a repeat of this feedback says the same thing (so it is a retry, not a change). */
  public boolean sameLabelAs(Feedback other) {
    return decisionId.equals(other.decisionId)
        && source == other.source
        && Double.compare(score, other.score) == 0
        && thumbs.equals(other.thumbs)
        && note.equals(other.note);
  }
}
