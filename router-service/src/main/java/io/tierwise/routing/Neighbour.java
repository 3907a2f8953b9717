package io.tierwise.routing;

import java.util.Objects;

/**
 * A labelled prompt from the kNN memory that is close to the routed prompt.
 *
 * @param id the stored prompt's id
 * @param similarity cosine similarity to the routed prompt, in [-1, 1]
 */
public record Neighbour(String id, double similarity) {
  public Neighbour {
    Objects.requireNonNull(id, "id");
  }
}
