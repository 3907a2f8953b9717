package io.tierwise.embedder;

import java.util.List;

/**
 * Token sequences right-padded with id 0 to the longest one, as the flat row-major {@code [size,
 * paddedLength]} arrays ONNX Runtime takes.
 */
final class PaddedBatch {

  private final int size;
  private final int paddedLength;
  private final long[] ids;
  private final long[] attentionMask;
  private final long[] typeIds;

  private PaddedBatch(
      int size, int paddedLength, long[] ids, long[] attentionMask, long[] typeIds) {
    this.size = size;
    this.paddedLength = paddedLength;
    this.ids = ids;
    this.attentionMask = attentionMask;
    this.typeIds = typeIds;
  }

  static PaddedBatch of(List<TokenizedText> texts) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one text");
    }
    int paddedLength = texts.stream().mapToInt(TokenizedText::length).max().orElseThrow();
    int size = texts.size();
    long[] ids = new long[size * paddedLength];
    long[] mask = new long[size * paddedLength];
    long[] typeIds = new long[size * paddedLength];
    for (int row = 0; row < size; row++) {
      TokenizedText text = texts.get(row);
      int offset = row * paddedLength;
      System.arraycopy(text.ids(), 0, ids, offset, text.length());
      System.arraycopy(text.typeIds(), 0, typeIds, offset, text.length());
      for (int i = 0; i < text.length(); i++) {
        mask[offset + i] = 1;
      }
    }
    return new PaddedBatch(size, paddedLength, ids, mask, typeIds);
  }

  int size() {
    return size;
  }

  int paddedLength() {
    return paddedLength;
  }

  long[] shape() {
    return new long[] {size, paddedLength};
  }

  long[] ids() {
    return ids.clone();
  }

  long[] attentionMask() {
    return attentionMask.clone();
  }

  long[] typeIds() {
    return typeIds.clone();
  }

  /** The attention mask of one sequence, {@link #paddedLength()} long. */
  long[] attentionMask(int row) {
    long[] rowMask = new long[paddedLength];
    System.arraycopy(attentionMask, row * paddedLength, rowMask, 0, paddedLength);
    return rowMask;
  }
}
