package io.tierwise.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class PoolingTest {

  /** Two sequences of three tokens, hidden size 2; the second has one padding token. */
  private static final FloatBuffer STATES =
      FloatBuffer.wrap(
          new float[] {
            1, 2, 3, 4, 5, 6, // sequence 0
            10, 20, 30, 40, 99, 99 // sequence 1, last token is padding
          });

  @Test
  void meanAveragesOnlyUnmaskedTokens() {
    assertArrayEquals(
        new float[] {3, 4}, Pooling.MEAN.pool(STATES, 0, new long[] {1, 1, 1}, 2), 1e-6f);
    assertArrayEquals(
        new float[] {20, 30}, Pooling.MEAN.pool(STATES, 1, new long[] {1, 1, 0}, 2), 1e-6f);
  }

  @Test
  void clsTakesTheFirstToken() {
    assertArrayEquals(new float[] {1, 2}, Pooling.CLS.pool(STATES, 0, new long[] {1, 1, 1}, 2));
    assertArrayEquals(new float[] {10, 20}, Pooling.CLS.pool(STATES, 1, new long[] {1, 1, 0}, 2));
  }

  @Test
  void normaliseScalesToUnitLength() {
    assertArrayEquals(new float[] {0.6f, 0.8f}, Pooling.normalise(new float[] {3, 4}), 1e-7f);
    assertArrayEquals(new float[] {0, 0}, Pooling.normalise(new float[] {0, 0}));
  }

  @Test
  void parsesCaseInsensitively() {
    assertEquals(Pooling.CLS, Pooling.parse(" CLS "));
    assertEquals(Pooling.MEAN, Pooling.parse("mean"));
    assertThrows(IllegalArgumentException.class, () -> Pooling.parse("max"));
  }
}
