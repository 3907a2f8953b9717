package io.tierwise.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PaddedBatchTest {

  @Test
  void padsEveryRowToTheLongest() {
    PaddedBatch batch =
        PaddedBatch.of(
            List.of(
                new TokenizedText(new long[] {101, 7, 102}, new long[] {0, 0, 0}),
                new TokenizedText(new long[] {101, 102}, new long[] {0, 0})));
    assertEquals(2, batch.size());
    assertEquals(3, batch.paddedLength());
    assertArrayEquals(new long[] {2, 3}, batch.shape());
    assertArrayEquals(new long[] {101, 7, 102, 101, 102, 0}, batch.ids());
    assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0}, batch.attentionMask());
    assertArrayEquals(new long[] {1, 1, 0}, batch.attentionMask(1));
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0}, batch.typeIds());
  }

  @Test
  void needsAtLeastOneText() {
    assertThrows(IllegalArgumentException.class, () -> PaddedBatch.of(List.of()));
  }
}
