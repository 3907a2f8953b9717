package io.tierwise.knn;

import io.tierwise.data.Outcome;
import io.tierwise.routing.Neighbour;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A labelled prompt from the kNN memory that is close to a query, with the outcomes models had on
 * it.
 *
 * @param id the stored prompt's id
 * @param source dataset the stored prompt comes from
 * @param task finer task label within the source
 * @param similarity cosine similarity to the query, in [-1, 1]
 * @param outcomes per model name, the stored outcome; models without a label are absent
 */
public record MemoryNeighbour(
    String id, String source, String task, double similarity, Map<String, Outcome> outcomes) {

  public MemoryNeighbour {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(outcomes, "outcomes");
    if (!(similarity >= -1.0 && similarity <= 1.0)) {
      throw new IllegalArgumentException("similarity must be in [-1, 1], got: " + similarity);
    }
    outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  /** Per model name, the stored quality in [0, 1]; models without a label are absent. */
  public Map<String, Double> quality() {
    Map<String, Double> quality = new LinkedHashMap<>();
    outcomes.forEach((model, outcome) -> quality.put(model, outcome.quality()));
    return Collections.unmodifiableMap(quality);
  }

  /** The stored quality of {@code model}, or empty if this prompt has no label for it. */
  public OptionalDouble quality(String model) {
    Outcome outcome = outcomes.get(model);
    return outcome == null ? OptionalDouble.empty() : OptionalDouble.of(outcome.quality());
  }

  /** This neighbour as the routing API reports it. */
  public Neighbour toNeighbour() {
    return new Neighbour(id, similarity);
  }
}
