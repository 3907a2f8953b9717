/**
 * The feedback loop's data: every routing decision ({@link io.tierwise.feedback.DecisionRecorder}),
 * labels for them ({@code POST /v1/feedback}, local-tier confidence, shadow evaluation), and their
 * mapping into training examples ({@link io.tierwise.feedback.OutcomeSource}).
 *
 * <p>{@link io.tierwise.feedback.FeedbackStore} keeps all of it in one SQLite file: decisions and
 * local attempts through a bounded group-commit queue (never an fsync on the routing path; a full
 * queue waits {@code feedback.enqueue-timeout}, then drops and counts), feedback in its own
 * committed transaction before the acknowledgement. {@link io.tierwise.feedback.ShadowEvaluator}
 * runs off the request path with bounded concurrency and queue.
 *
 * <p>Label priority per model: validator &gt; judge &gt; user &gt; shadow &gt; local-confidence
 * ({@link io.tierwise.feedback.LabelSource}); ties go to the latest.
 */
package io.tierwise.feedback;
