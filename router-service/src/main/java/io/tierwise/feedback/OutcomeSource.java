package io.tierwise.feedback;

import io.tierwise.data.LabelledPrompt;
import java.util.List;

/**
 * Labelled outcomes of served traffic, read as one consistent snapshot, for offline retraining.
 *
 * <p>Each element is one routed prompt (its id is the decision id) with an {@code Outcome} for
 * every model whose answer was judged: the chosen tier's model from user/judge/validator feedback
 * and local-tier confidence, the top tier's model from shadow evaluation. Oldest first.
 */
public interface OutcomeSource {

  /** Every labelled outcome recorded so far, oldest first, as of one instant. */
  List<LabelledPrompt> labelledOutcomes();
}
