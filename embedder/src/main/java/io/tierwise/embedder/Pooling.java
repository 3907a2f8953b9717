package io.tierwise.embedder;

import java.nio.FloatBuffer;

/**
 * How the per-token hidden states of an encoder become one sentence vector; each model is trained
 * for one of these, and using the other gives valid-looking but much worse vectors.
 */
public enum Pooling {
  /** Average of the token states the attention mask marks as real (sentence-transformers MEAN). */
  MEAN,
  /** The state of the first token, {@code [CLS]} (sentence-transformers CLS, as BGE uses). */
  CLS;

  /**
   * Pools one sequence out of a {@code [batch, paddedLength, dimension]} row-major tensor.
   *
   * @param states the encoder's last hidden states
   * @param sequence which sequence of the batch to pool
   * @param attentionMask that sequence's mask, {@code paddedLength} long, 1 for real tokens
   * @param dimension the hidden size
   * @return the pooled, not yet normalised vector
   */
  float[] pool(FloatBuffer states, int sequence, long[] attentionMask, int dimension) {
    int paddedLength = attentionMask.length;
    int sequenceStart = sequence * paddedLength * dimension;
    float[] pooled = new float[dimension];
    switch (this) {
      case CLS -> states.get(sequenceStart, pooled, 0, dimension);
      case MEAN -> {
        double[] sum = new double[dimension];
        int counted = 0;
        for (int token = 0; token < paddedLength; token++) {
          if (attentionMask[token] == 0) {
            continue;
          }
          counted++;
          int tokenStart = sequenceStart + token * dimension;
          for (int i = 0; i < dimension; i++) {
            sum[i] += states.get(tokenStart + i);
          }
        }
        // Every tokenised sequence holds at least [CLS] and [SEP]; the guard only avoids 0/0.
        double divisor = Math.max(counted, 1);
        for (int i = 0; i < dimension; i++) {
          pooled[i] = (float) (sum[i] / divisor);
        }
      }
    }
    return pooled;
  }

  /** Scales {@code vector} in place to unit L2 norm; an all-zero vector stays zero. */
  static float[] normalise(float[] vector) {
    double squares = 0;
    for (float v : vector) {
      squares += (double) v * v;
    }
    // Same floor as torch.nn.functional.normalize, which sentence-transformers uses.
    double norm = Math.max(Math.sqrt(squares), 1e-12);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) (vector[i] / norm);
    }
    return vector;
  }

  /** Parses {@code mean} or {@code cls}, ignoring case. */
  static Pooling parse(String value) {
    for (Pooling pooling : values()) {
      if (pooling.name().equalsIgnoreCase(value.strip())) {
        return pooling;
      }
    }
    throw new IllegalArgumentException("pooling must be 'mean' or 'cls', got: '" + value + "'");
  }
}
