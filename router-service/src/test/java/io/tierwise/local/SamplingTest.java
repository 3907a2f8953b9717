package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seeded sampling on both test models: reproducible, and greedy in its limits. */
class SamplingTest {

  private static final String STORY = "Once upon a time";
  private static OnnxDecoder stories;
  private static OnnxDecoder tiny;
  private static long seed;

  @BeforeAll
  static void load() {
    stories = OnnxDecoder.load(TestModels.stories260k());
    tiny = OnnxDecoder.load(TestModels.tinyDecoder());
    seed = new Random().nextLong();
    System.out.println("SamplingTest seed: " + seed);
  }

  @AfterAll
  static void close() {
    stories.close();
    tiny.close();
  }

  private static int[] ids(OnnxDecoder decoder, SamplingParams sampling, int tokens) {
    return decoder.generate(GenerationRequest.of(STORY, tokens).withSampling(sampling)).tokenIds();
  }

  @Test
  void sameSeedGivesSameOutput() {
    for (OnnxDecoder decoder : List.of(stories, tiny)) {
      SamplingParams params = new SamplingParams(1.0, 0.95, 40, seed);
      Generation first = decoder.generate(GenerationRequest.of(STORY, 32).withSampling(params));
      Generation second = decoder.generate(GenerationRequest.of(STORY, 32).withSampling(params));
      assertEquals(first, second, "seed " + seed);
    }
  }

  @Test
  void differentSeedsExploreDifferentOutputs() {
    // At temperature 1.5 over 32 tokens, 8 seeds agreeing on every token would mean the sampler
    // ignores its seed.
    List<String> texts = new ArrayList<>();
    for (long s = seed; s < seed + 8; s++) {
      texts.add(
          stories
              .generate(
                  GenerationRequest.of(STORY, 32).withSampling(SamplingParams.of(1.5, 1.0, s)))
              .text());
    }
    assertTrue(texts.stream().distinct().count() > 1, "seed " + seed + ": " + texts);
  }

  @Test
  void vanishingTemperatureEqualsGreedy() {
    for (OnnxDecoder decoder : List.of(stories, tiny)) {
      int[] greedy = ids(decoder, SamplingParams.GREEDY, 24);
      assertArrayEquals(greedy, ids(decoder, SamplingParams.of(1e-6, 1.0, seed), 24));
      assertArrayEquals(greedy, ids(decoder, SamplingParams.of(1e-6, 0.9, seed), 24));
    }
  }

  @Test
  void tinyTopPEqualsGreedy() {
    for (OnnxDecoder decoder : List.of(stories, tiny)) {
      int[] greedy = ids(decoder, SamplingParams.GREEDY, 24);
      assertArrayEquals(greedy, ids(decoder, SamplingParams.of(1.0, 1e-9, seed), 24));
      assertArrayEquals(greedy, ids(decoder, SamplingParams.of(2.0, 1e-9, seed + 1), 24));
    }
  }

  @Test
  void topKOfOneEqualsGreedy() {
    int[] greedy = ids(stories, SamplingParams.GREEDY, 24);
    assertArrayEquals(greedy, ids(stories, SamplingParams.of(1.0, 1.0, seed).withTopK(1), 24));
  }

  @Test
  void sampledTokensReportTheModelsLogprobsNotTheTemperedOnes() {
    Generation hot =
        stories.generate(
            GenerationRequest.of(STORY, 12)
                .withSampling(SamplingParams.of(1e-6, 1.0, seed))
                .withTopLogprobs(2));
    Generation greedy = stories.generate(GenerationRequest.of(STORY, 12));
    assertArrayEquals(greedy.logprobs(), hot.logprobs(), 0.0);
  }

  @Test
  void streamingDeliversExactlyTheGeneration() {
    List<GeneratedToken> tokens = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    TokenSink sink =
        new TokenSink() {
          @Override
          public void onToken(GeneratedToken token) {
            tokens.add(token);
          }

          @Override
          public void onText(String delta) {
            assertFalse(delta.isEmpty());
            text.append(delta);
          }
        };
    for (OnnxDecoder decoder : List.of(stories, tiny)) {
      tokens.clear();
      text.setLength(0);
      Generation g =
          decoder.generate(
              GenerationRequest.of(STORY, 40).withSampling(SamplingParams.of(0.8, 0.9, seed)),
              sink);
      assertEquals(g.tokens(), tokens);
      assertEquals(g.text(), text.toString());
    }
  }
}
