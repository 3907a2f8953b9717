package io.tierwise.knn;

import io.tierwise.data.Outcome;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Memory-wide label statistics per model: the prior mean quality that neighbour evidence is shrunk
 * toward when the neighbours are few or far from the query.
 *
 * <p>The prior of a model is its mean quality over every labelled prompt in the memory. A model
 * with no labels gets the mean over all labels of all models, and an unlabelled memory gets {@link
 * #UNINFORMED_MEAN}.
 *
 * @param tallies per model name, the count and sum of its quality labels
 */
public record QualityPriors(Map<String, Tally> tallies) {

  /** Prior of a model when the memory holds no labels at all. */
  public static final double UNINFORMED_MEAN = 0.5;

  public QualityPriors {
    Objects.requireNonNull(tallies, "tallies");
    tallies = Collections.unmodifiableMap(new TreeMap<>(tallies));
  }

  /** Priors of a memory without labels. */
  public static QualityPriors empty() {
    return new QualityPriors(Map.of());
  }

  /** The prior mean quality of {@code model}. */
  public double mean(String model) {
    Tally tally = tallies.get(model);
    return tally != null && tally.count() > 0 ? tally.mean() : overallMean();
  }

  /** Mean quality over all labels of all models, or {@link #UNINFORMED_MEAN} without labels. */
  public double overallMean() {
    long count = 0;
    double sum = 0;
    for (Tally tally : tallies.values()) {
      count += tally.count();
      sum += tally.sum();
    }
    return count == 0 ? UNINFORMED_MEAN : sum / count;
  }

  /** These statistics combined with another disjoint set of labels (e.g. another segment's). */
  public QualityPriors plus(QualityPriors other) {
    Map<String, Tally> merged = new TreeMap<>(tallies);
    other.tallies.forEach((model, tally) -> merged.merge(model, tally, Tally::plus));
    return new QualityPriors(merged);
  }

  /**
   * These statistics without the labels of one prompt: leave-one-out priors for a prompt that is
   * itself in the memory, so its own label cannot leak into its features.
   */
  public QualityPriors without(Map<String, Outcome> outcomes) {
    Map<String, Tally> reduced = new TreeMap<>(tallies);
    outcomes.forEach(
        (model, outcome) -> {
          Tally tally = reduced.get(model);
          if (tally == null || tally.count() == 0) {
            throw new IllegalArgumentException(
                "cannot remove a label of model '" + model + "': the priors hold none");
          }
          reduced.put(model, tally.minus(outcome.quality()));
        });
    return new QualityPriors(reduced);
  }

  /**
   * The quality labels of one model.
   *
   * @param count number of labels
   * @param sum sum of the labels' qualities, each in [0, 1]
   */
  public record Tally(long count, double sum) {

    public Tally {
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0, got: " + count);
      }
      // The tolerance absorbs rounding in long sums of fractional qualities.
      if (!(sum >= 0 && sum <= count + 1e-9 * Math.max(1, count))) {
        throw new IllegalArgumentException(
            "sum of " + count + " qualities in [0, 1] must be in [0, count], got: " + sum);
      }
    }

    /** A tally of one label. */
    public static Tally of(double quality) {
      return new Tally(1, quality);
    }

    public double mean() {
      if (count == 0) {
        throw new IllegalStateException("mean of an empty tally");
      }
      return sum / count;
    }

    public Tally plus(Tally other) {
      return new Tally(count + other.count, sum + other.sum);
    }

    Tally minus(double quality) {
      long remaining = count - 1;
      // Clamp away the rounding residue of subtracting what was once added.
      double rest = Math.max(0.0, Math.min(remaining, sum - quality));
      return new Tally(remaining, remaining == 0 ? 0.0 : rest);
    }
  }
}
