package io.tierwise.data;

import java.util.Objects;

/**
 * A labelled dataset divided into a part to fit on and a disjoint part to validate on.
 *
 * @param train the prompts to fit on
 * @param validation the held-out prompts
 */
public record DatasetSplit(LabelledDataset train, LabelledDataset validation) {
  public DatasetSplit {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
  }
}
