package io.tierwise.retraining;

import io.tierwise.data.LabelledPrompt;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which of the most recent outcomes are held back from retraining to compare the candidate with its
 * parent. Outcomes arrive oldest first, so the held-back slice is always a suffix: the comparison
 * is on the traffic the new router will face next, and nothing held back was seen in training.
 */
public sealed interface Holdout permits Holdout.Fraction, Holdout.Recent {

  /** Default share of the snapshot held back. */
  double DEFAULT_FRACTION = 0.2;

  /** How many of {@code size} outcomes (oldest first) are held back: the last ones. */
  int heldOut(int size);

  /** Short description for manifests, e.g. {@code fraction=0.2}. */
  String describe();

  /** The snapshot cut into the training part (older) and the held-back part (most recent). */
  default Split split(List<LabelledPrompt> outcomes) {
    Objects.requireNonNull(outcomes, "outcomes");
    int held = Math.min(outcomes.size(), heldOut(outcomes.size()));
    int cut = outcomes.size() - held;
    return new Split(outcomes.subList(0, cut), outcomes.subList(cut, outcomes.size()));
  }

  /** The last {@code fraction} of the snapshot, rounded to the nearest prompt. */
  record Fraction(double fraction) implements Holdout {
    public Fraction {
      if (!(fraction > 0.0 && fraction < 1.0)) {
        throw new IllegalArgumentException("holdout fraction must be in (0, 1), got: " + fraction);
      }
    }

    @Override
    public int heldOut(int size) {
      return (int) Math.round(size * fraction);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "fraction=%s", fraction);
    }
  }

  /** The last {@code count} outcomes. */
  record Recent(int count) implements Holdout {
    public Recent {
      if (count < 1) {
        throw new IllegalArgumentException("holdout count must be at least 1, got: " + count);
      }
    }

    @Override
    public int heldOut(int size) {
      return count;
    }

    @Override
    public String describe() {
      return "recent=" + count;
    }
  }

  /**
   * @param train the older outcomes, added to the memory and trained on
   * @param heldOut the most recent outcomes, used only to compare routers
   */
  record Split(List<LabelledPrompt> train, List<LabelledPrompt> heldOut) {
    public Split {
      train = List.copyOf(train);
      heldOut = List.copyOf(heldOut);
    }
  }
}
