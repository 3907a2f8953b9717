package io.tierwise.local;

import java.util.List;
import java.util.Objects;

/**
 * How sure the model was of its own answer, summarised from the log-probabilities of the tokens it
 * chose. A model that wanders off its training domain spreads probability over many tokens, so its
 * chosen tokens have lower log-probabilities.
 *
 * @param tokenCount number of tokens summarised, at least 1
 * @param firstN how many leading tokens {@code meanLogprobFirstN} covers (fewer if the answer is
 *     shorter)
 * @param meanLogprob mean natural-log probability per token
 * @param minLogprob the least likely token's log-probability
 * @param meanLogprobFirstN mean over the first {@code firstN} tokens, where an answer commits to
 *     its direction
 * @param perplexity {@code exp(-meanLogprob)}
 */
public record AnswerConfidence(
    int tokenCount,
    int firstN,
    double meanLogprob,
    double minLogprob,
    double meanLogprobFirstN,
    double perplexity) {

  /** Leading tokens summarised separately by {@link #of(List)}. */
  public static final int DEFAULT_FIRST_N = 8;

  /** Names of {@link #features()}, in order. */
  public static final List<String> FEATURE_NAMES =
      List.of("mean_logprob", "min_logprob", "mean_logprob_first_n");

  public AnswerConfidence {
    if (tokenCount < 1) {
      throw new IllegalArgumentException("tokenCount must be at least 1, got: " + tokenCount);
    }
    if (firstN < 1) {
      throw new IllegalArgumentException("firstN must be at least 1, got: " + firstN);
    }
    requireLogprob("meanLogprob", meanLogprob);
    requireLogprob("minLogprob", minLogprob);
    requireLogprob("meanLogprobFirstN", meanLogprobFirstN);
    if (!(perplexity >= 1.0)) {
      throw new IllegalArgumentException("perplexity must be >= 1, got: " + perplexity);
    }
  }

  /** Summarises generated tokens with {@link #DEFAULT_FIRST_N}. */
  public static AnswerConfidence of(List<GeneratedToken> tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return of(tokens.stream().mapToDouble(GeneratedToken::logprob).toArray(), DEFAULT_FIRST_N);
  }

  /**
   * Summarises per-token log-probabilities.
   *
   * @throws IllegalArgumentException for an empty answer: with nothing generated there is no
   *     evidence of confidence, and callers should treat it as not confident
   */
  public static AnswerConfidence of(double[] logprobs, int firstN) {
    Objects.requireNonNull(logprobs, "logprobs");
    if (logprobs.length == 0) {
      throw new IllegalArgumentException("need at least one token log-probability, got none");
    }
    if (firstN < 1) {
      throw new IllegalArgumentException("firstN must be at least 1, got: " + firstN);
    }
    double sum = 0.0;
    double min = 0.0;
    double sumFirst = 0.0;
    int first = Math.min(firstN, logprobs.length);
    for (int i = 0; i < logprobs.length; i++) {
      double lp = logprobs[i];
      requireLogprob("logprobs[" + i + "]", lp);
      sum += lp;
      min = Math.min(min, lp);
      if (i < first) {
        sumFirst += lp;
      }
    }
    double mean = sum / logprobs.length;
    return new AnswerConfidence(
        logprobs.length, firstN, mean, min, sumFirst / first, Math.exp(-mean));
  }

  /**
   * The inputs of {@link ConfidenceCalibration}, named by {@link #FEATURE_NAMES}. Perplexity is
   * left out: it is a monotone function of the mean and would only add a badly scaled copy.
   */
  public double[] features() {
    return new double[] {meanLogprob, minLogprob, meanLogprobFirstN};
  }

  private static void requireLogprob(String name, double value) {
    if (!(value <= 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number <= 0, got: " + value);
    }
  }
}
