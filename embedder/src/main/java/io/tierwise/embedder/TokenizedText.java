package io.tierwise.embedder;

import java.util.Objects;

/**
 * One text as the encoder sees it, special tokens included and not padded.
 *
 * @param ids vocabulary ids
 * @param typeIds segment ids, all 0 for a single text
 */
record TokenizedText(long[] ids, long[] typeIds) {

  TokenizedText {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(typeIds, "typeIds");
    if (ids.length != typeIds.length) {
      throw new IllegalArgumentException(
          "ids and typeIds must have equal length, got: " + ids.length + " and " + typeIds.length);
    }
    ids = ids.clone();
    typeIds = typeIds.clone();
  }

  int length() {
    return ids.length;
  }

  @Override
  public long[] ids() {
    return ids.clone();
  }

  @Override
  public long[] typeIds() {
    return typeIds.clone();
  }
}
