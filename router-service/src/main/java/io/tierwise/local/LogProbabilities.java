package io.tierwise.local;

/**
 * Log-softmax over one step's logits, in double precision so that log-probabilities near 0 (a
 * confident token) keep their digits: the log-sum-exp is computed once per step, after which any
 * token's log-probability costs one subtraction.
 */
final class LogProbabilities {

  private final float[] logits;
  private final int vocabSize;
  private final double max;
  private final double logSumShifted;

  private LogProbabilities(float[] logits, int vocabSize, double max, double logSumShifted) {
    this.logits = logits;
    this.vocabSize = vocabSize;
    this.max = max;
    this.logSumShifted = logSumShifted;
  }

  /** Normalises the first {@code vocabSize} logits; keeps a reference to the array, not a copy. */
  static LogProbabilities of(float[] logits, int vocabSize) {
    int argmax = 0;
    for (int i = 1; i < vocabSize; i++) {
      if (logits[i] > logits[argmax]) {
        argmax = i;
      }
    }
    double max = logits[argmax];
    if (!Double.isFinite(max)) {
      throw new LocalModelException("model produced non-finite logits (max " + max + ")");
    }
    // log(1 + rest) via log1p: for a dominant token, 1 + rest would round rest's digits away.
    double rest = 0.0;
    for (int i = 0; i < vocabSize; i++) {
      if (i != argmax) {
        rest += Math.exp(logits[i] - max);
      }
    }
    if (!Double.isFinite(rest)) {
      throw new LocalModelException("model produced non-finite logits");
    }
    return new LogProbabilities(logits, vocabSize, max, Math.log1p(rest));
  }

  /** Natural-log probability of {@code id}; at most 0. */
  double of(int id) {
    return (logits[id] - max) - logSumShifted;
  }

  /** The {@code k} most likely ids, most likely first, lowest id first among equals. */
  int[] top(int k) {
    int n = Math.min(k, vocabSize);
    int[] best = new int[n];
    int filled = 0;
    for (int id = 0; id < vocabSize; id++) {
      float value = logits[id];
      if (filled == n && value <= logits[best[n - 1]]) {
        continue;
      }
      int at = filled < n ? filled++ : n - 1;
      while (at > 0 && logits[best[at - 1]] < value) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = id;
    }
    return best;
  }
}
