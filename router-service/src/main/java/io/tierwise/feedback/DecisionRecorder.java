package io.tierwise.feedback;

/**
 * Where routing endpoints report their decisions so feedback can refer to them later.
 * Implementations must not block the caller on disk I/O: they are called on the routing hot path.
 */
@FunctionalInterface
public interface DecisionRecorder {

  /** A recorder that keeps nothing, for servers without a feedback store. */
  DecisionRecorder NONE = record -> {};

  /** Records one decision; never throws for a storage problem (counts and logs it instead). */
  void record(DecisionRecord record);
}
