package io.tierwise.local;

/**
 * How the next token is picked from the model's distribution.
 *
 * <p>Temperature 0 is greedy decoding (the most likely token, lowest id on ties). Otherwise logits
 * are divided by the temperature, cut to the {@code topK} most likely tokens (0 = no cut), then to
 * the smallest set whose probability reaches {@code topP} (nucleus sampling, Holtzman et al. 2020),
 * and a token is drawn with a generator seeded by {@code seed}: the same request and seed always
 * give the same output.
 *
 * @param temperature 0 for greedy, otherwise a positive finite divisor of the logits
 * @param topP nucleus mass in (0, 1]; 1 disables the cut
 * @param topK number of most likely tokens kept, 0 for all
 * @param seed seed of the sampling random generator
 */
public record SamplingParams(double temperature, double topP, int topK, long seed) {

  /** Greedy decoding. */
  public static final SamplingParams GREEDY = new SamplingParams(0.0, 1.0, 0, 0L);

  public SamplingParams {
    if (!(temperature >= 0.0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be a finite number >= 0, got: " + temperature);
    }
    if (!(topP > 0.0 && topP <= 1.0)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got: " + topP);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("topK must be >= 0 (0 = no cut), got: " + topK);
    }
  }

  /** Temperature and nucleus sampling without a top-k cut. */
  public static SamplingParams of(double temperature, double topP, long seed) {
    return new SamplingParams(temperature, topP, 0, seed);
  }

  public SamplingParams withTopK(int topK) {
    return new SamplingParams(temperature, topP, topK, seed);
  }

  public SamplingParams withSeed(long seed) {
    return new SamplingParams(temperature, topP, topK, seed);
  }

  /** True when the most likely token is always picked. */
  public boolean isGreedy() {
    return temperature == 0.0;
  }
}
