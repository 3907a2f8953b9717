package io.tierwise.local;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from one step's logits according to {@link SamplingParams}. One instance per
 * generation: it owns the seeded random generator and scratch arrays reused across steps.
 */
final class TokenSampler {

  private final SamplingParams params;
  private final SplittableRandom random;
  private double[] weights = new double[0];
  private long[] order = new long[0];

  TokenSampler(SamplingParams params) {
    this.params = params;
    this.random = new SplittableRandom(params.seed());
  }

  /** The chosen token id among the first {@code vocabSize} logits. */
  int choose(float[] logits, int vocabSize) {
    if (params.isGreedy()) {
      return argmax(logits, vocabSize);
    }
    if (weights.length < vocabSize) {
      weights = new double[vocabSize];
    }
    double max = logits[argmax(logits, vocabSize)];
    double inverseTemperature = 1.0 / params.temperature();
    int candidates = 0;
    for (int i = 0; i < vocabSize; i++) {
      // Relative to the maximum, so the best token has weight 1 and nothing overflows.
      double w = Math.exp((logits[i] - max) * inverseTemperature);
      weights[i] = w;
      if (w > 0.0) {
        candidates++;
      }
    }
    boolean truncate = params.topP() < 1.0 || (params.topK() > 0 && params.topK() < candidates);
    return truncate ? sampleTruncated(vocabSize, candidates) : sampleAll(vocabSize);
  }

  static int argmax(float[] logits, int vocabSize) {
    int best = 0;
    float bestValue = logits[0];
    for (int i = 1; i < vocabSize; i++) {
      if (logits[i] > bestValue) {
        bestValue = logits[i];
        best = i;
      }
    }
    return best;
  }

  private int sampleAll(int vocabSize) {
    double total = 0.0;
    for (int i = 0; i < vocabSize; i++) {
      total += weights[i];
    }
    double target = random.nextDouble() * total;
    int last = 0;
    for (int i = 0; i < vocabSize; i++) {
      if (weights[i] > 0.0) {
        target -= weights[i];
        last = i;
        if (target < 0.0) {
          return i;
        }
      }
    }
    return last; // rounding left a sliver of mass past the end
  }

  private int sampleTruncated(int vocabSize, int candidates) {
    if (order.length < candidates) {
      order = new long[candidates];
    }
    // Sort keys: weight as float bits (monotonic for non-negative floats) above the inverted id,
    // so ascending order ends with the heaviest token, lowest id first among equal weights.
    int n = 0;
    double total = 0.0;
    for (int i = 0; i < vocabSize; i++) {
      if (weights[i] > 0.0) {
        order[n++] = ((long) Float.floatToIntBits((float) weights[i]) << 32) | (~i & 0xffffffffL);
        total += weights[i];
      }
    }
    Arrays.sort(order, 0, n);
    int keep = params.topK() > 0 ? Math.min(params.topK(), n) : n;
    double keptMass = 0.0;
    int kept = 0;
    for (int k = 0; k < keep; k++) {
      keptMass += weights[idAt(n - 1 - k)];
      kept++;
      if (params.topP() < 1.0 && keptMass >= params.topP() * total) {
        break;
      }
    }
    double target = random.nextDouble() * keptMass;
    for (int k = 0; k < kept; k++) {
      int id = idAt(n - 1 - k);
      target -= weights[id];
      if (target < 0.0) {
        return id;
      }
    }
    return idAt(n - kept);
  }

  private int idAt(int position) {
    return ~(int) order[position];
  }
}
