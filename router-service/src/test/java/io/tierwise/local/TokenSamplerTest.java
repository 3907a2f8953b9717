package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {

  private static final float[] LOGITS = {
    (float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.05)
  };

  @Test
  void greedyPicksTheFirstMaximum() {
    TokenSampler sampler = new TokenSampler(SamplingParams.GREEDY);
    assertEquals(1, sampler.choose(new float[] {1f, 3f, 3f, 2f}, 4));
    assertEquals(2, sampler.choose(new float[] {1f, 3f, 4f, 9f}, 3), "ignores padding columns");
  }

  @Test
  void samplingFollowsTheSoftmax() {
    long seed = new Random().nextLong();
    TokenSampler sampler = new TokenSampler(SamplingParams.of(1.0, 1.0, seed));
    int[] counts = new int[4];
    int draws = 40_000;
    for (int i = 0; i < draws; i++) {
      counts[sampler.choose(LOGITS, 4)]++;
    }
    double[] expected = {0.5, 0.3, 0.15, 0.05};
    for (int i = 0; i < 4; i++) {
      // 5 standard deviations of a binomial proportion: fails only if the sampler is biased.
      double sd = Math.sqrt(expected[i] * (1 - expected[i]) / draws);
      assertEquals(expected[i], counts[i] / (double) draws, 5 * sd, "seed " + seed + " id " + i);
    }
  }

  @Test
  void topPKeepsTheSmallestNucleus() {
    long seed = new Random().nextLong();
    // 0.5 + 0.3 = 0.8 reaches topP 0.75: ids 2 and 3 are never drawn, 0 and 1 both are.
    TokenSampler sampler = new TokenSampler(SamplingParams.of(1.0, 0.75, seed));
    int[] counts = new int[4];
    for (int i = 0; i < 2_000; i++) {
      counts[sampler.choose(LOGITS, 4)]++;
    }
    assertEquals(0, counts[2] + counts[3], "seed " + seed);
    assertTrue(counts[0] > 0 && counts[1] > 0, "seed " + seed);
  }

  @Test
  void topKKeepsTheKMostLikely() {
    long seed = new Random().nextLong();
    TokenSampler sampler = new TokenSampler(SamplingParams.of(1.0, 1.0, seed).withTopK(3));
    int[] counts = new int[4];
    for (int i = 0; i < 2_000; i++) {
      counts[sampler.choose(LOGITS, 4)]++;
    }
    assertEquals(0, counts[3], "seed " + seed);
    assertTrue(counts[2] > 0, "seed " + seed);
  }

  @Test
  void highTemperatureFlattensTheDistribution() {
    long seed = new Random().nextLong();
    TokenSampler sampler = new TokenSampler(SamplingParams.of(100.0, 1.0, seed));
    int[] counts = new int[4];
    for (int i = 0; i < 8_000; i++) {
      counts[sampler.choose(LOGITS, 4)]++;
    }
    assertTrue(counts[3] > 1_500, "seed " + seed + ": near-uniform, got " + counts[3]);
  }

  @Test
  void logProbabilitiesAreNormalisedInDouble() {
    LogProbabilities lp = LogProbabilities.of(LOGITS, 4);
    assertEquals(Math.log(0.5), lp.of(0), 1e-6);
    assertEquals(Math.log(0.05), lp.of(3), 1e-6);
    double mass = 0.0;
    for (int i = 0; i < 4; i++) {
      mass += Math.exp(lp.of(i));
    }
    assertEquals(1.0, mass, 1e-12);
    assertEquals(java.util.List.of(0, 1, 2), java.util.Arrays.stream(lp.top(3)).boxed().toList());
    // A dominant token keeps a tiny but exact negative log-probability.
    LogProbabilities confident = LogProbabilities.of(new float[] {30f, 0f}, 2);
    assertEquals(-Math.exp(-30), confident.of(0), 1e-20);
    assertTrue(confident.of(0) < 0.0);
  }

  @Test
  void topBreaksTiesByLowestId() {
    LogProbabilities lp = LogProbabilities.of(new float[] {1f, 2f, 2f, 0f, 2f}, 5);
    assertEquals(
        java.util.List.of(1, 2, 4, 0), java.util.Arrays.stream(lp.top(4)).boxed().toList());
  }
}
