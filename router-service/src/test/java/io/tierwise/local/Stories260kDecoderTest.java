package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real TinyStories model reproduces its independent float64 reference, cached and not. */
class Stories260kDecoderTest {

  private static final double LOGPROB_TOLERANCE = 1e-4;

  private static OnnxDecoder cached;
  private static OnnxDecoder recomputing;
  private static JsonNode expected;

  @BeforeAll
  static void load() {
    Path dir = TestModels.stories260k();
    cached = OnnxDecoder.load(dir);
    recomputing = OnnxDecoder.load(dir, DecoderOptions.DEFAULT.withKvCache(false));
    expected = TestModels.readJson(dir.resolve("expected.json"));
  }

  @AfterAll
  static void close() {
    cached.close();
    recomputing.close();
  }

  static Stream<Arguments> promptsAndModes() {
    List<Arguments> cases = new ArrayList<>();
    for (int prompt = 0; prompt < 3; prompt++) {
      cases.add(Arguments.of(prompt, true));
      cases.add(Arguments.of(prompt, false));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "prompt {0}, kv cache {1}")
  @MethodSource("promptsAndModes")
  void reproducesExpectedGreedyIdsAndLogprobs(int index, boolean kvCache) {
    JsonNode prompt = expected.get("prompts").get(index);
    OnnxDecoder decoder = kvCache ? cached : recomputing;
    assertEquals(kvCache, decoder.usesKvCache());
    int steps = expected.get("steps").asInt();

    Generation g = decoder.generate(GenerationRequest.of(prompt.get("prompt").asText(), steps));

    assertArrayEquals(TestModels.ints(prompt.get("generated_ids")), g.tokenIds());
    double[] want = TestModels.doubles(prompt.get("generated_logprobs"));
    double[] got = g.logprobs();
    double worst = 0.0;
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], LOGPROB_TOLERANCE, "logprob of step " + i);
      worst = Math.max(worst, Math.abs(want[i] - got[i]));
    }
    System.out.printf(
        "stories260k prompt %d, kv cache %b: max |logprob error| %.2e%n", index, kvCache, worst);
    assertEquals(prompt.get("generated_text").asText(), g.text());
    assertEquals(FinishReason.LENGTH, g.finishReason());
    assertEquals(prompt.get("prompt_ids").size(), g.usage().promptTokens());
    assertEquals(steps, g.usage().completionTokens());
  }

  @Test
  void tokenizerMatchesReferencePromptIdsAndDecodesFullText() throws Exception {
    Path tokenizerFile = TestModels.stories260k().resolve("tokenizer.json");
    try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(tokenizerFile)) {
      for (JsonNode prompt : expected.get("prompts")) {
        long[] promptIds = TestModels.longs(prompt.get("prompt_ids"));
        assertArrayEquals(promptIds, cached.tokenize(prompt.get("prompt").asText()));
        Generation g = cached.generate(GenerationRequest.of(prompt.get("prompt").asText(), 24));
        long[] all = new long[promptIds.length + g.tokens().size()];
        System.arraycopy(promptIds, 0, all, 0, promptIds.length);
        int[] ids = g.tokenIds();
        for (int i = 0; i < ids.length; i++) {
          all[promptIds.length + i] = ids[i];
        }
        // Our byte-by-byte text assembly agrees with the tokenizer decoding the whole sequence.
        assertEquals(prompt.get("full_text").asText(), djl.decode(all, true));
        assertEquals(prompt.get("prompt").asText() + g.text(), djl.decode(all, true));
      }
    }
  }

  @Test
  void storyPromptsAreMoreConfidentThanFinancePrompt() {
    List<AnswerConfidence> confidences = new ArrayList<>();
    for (JsonNode prompt : expected.get("prompts")) {
      Generation g = cached.generate(GenerationRequest.of(prompt.get("prompt").asText(), 24));
      confidences.add(AnswerConfidence.of(g.tokens()));
    }
    double finance = confidences.get(2).meanLogprob();
    assertTrue(confidences.get(0).meanLogprob() > finance + 0.5, confidences.toString());
    assertTrue(confidences.get(1).meanLogprob() > finance + 0.2, confidences.toString());
    assertTrue(confidences.get(0).perplexity() < confidences.get(2).perplexity());
  }

  @Test
  void topLogprobsAreSortedAndContainTheGreedyChoice() {
    Generation g = cached.generate(GenerationRequest.of("Once upon a time", 6).withTopLogprobs(5));
    for (GeneratedToken token : g.tokens()) {
      assertEquals(5, token.topLogprobs().size());
      TokenLogprob best = token.topLogprobs().get(0);
      assertEquals(token.id(), best.id());
      assertEquals(token.logprob(), best.logprob(), 0.0);
      double mass = 0.0;
      for (int i = 0; i < token.topLogprobs().size(); i++) {
        TokenLogprob alt = token.topLogprobs().get(i);
        mass += Math.exp(alt.logprob());
        if (i > 0) {
          assertTrue(alt.logprob() <= token.topLogprobs().get(i - 1).logprob());
        }
      }
      assertTrue(mass <= 1.0 + 1e-9, "probability mass of alternatives " + mass);
    }
    // "▁there" is the SentencePiece piece for " there": the OpenAI shape carries the real text.
    GeneratedToken there = g.tokens().get(1);
    assertEquals(383, there.id());
    assertEquals(" there", there.token());
    assertArrayEquals(" there".getBytes(java.nio.charset.StandardCharsets.UTF_8), there.bytes());
  }

  @Test
  void stopTokenIdEndsGenerationWithoutEmittingIt() {
    JsonNode prompt = expected.get("prompts").get(0);
    int[] ids = TestModels.ints(prompt.get("generated_ids"));
    // ids[10] is "." after "Lily": it must first appear at step 10.
    int stopId = ids[10];
    for (int i = 0; i < 10; i++) {
      assertTrue(ids[i] != stopId);
    }
    Generation g =
        cached.generate(
            GenerationRequest.of(prompt.get("prompt").asText(), 24)
                .withStopTokenIds(Set.of(stopId)));
    assertEquals(FinishReason.STOP, g.finishReason());
    assertEquals(10, g.tokens().size());
    assertEquals(", there was a little girl named Lily", g.text());
  }

  @Test
  void stopStringCutsTextAndStreamsOnlyTheKeptPart() {
    List<String> deltas = new ArrayList<>();
    List<GeneratedToken> streamed = new ArrayList<>();
    TokenSink sink =
        new TokenSink() {
          @Override
          public void onToken(GeneratedToken token) {
            streamed.add(token);
          }

          @Override
          public void onText(String delta) {
            assertFalse(delta.isEmpty());
            deltas.add(delta);
          }
        };
    // "named" spans the pieces "▁named" only partly ("▁na" is not a token): cut inside a token.
    Generation g =
        cached.generate(
            GenerationRequest.of("Once upon a time", 24).withStopStrings(List.of("med Li", "xyz")),
            sink);
    assertEquals(FinishReason.STOP, g.finishReason());
    assertEquals(", there was a little girl na", g.text());
    assertEquals(g.text(), String.join("", deltas));
    assertEquals(g.tokens(), streamed);
    // Generation stopped on the token that completed the stop string: " Lily".
    assertEquals(317, g.tokens().get(g.tokens().size() - 1).id());
  }

  @Test
  void maxNewTokensEndsWithLength() {
    Generation g = cached.generate(GenerationRequest.of("Once upon a time", 3));
    assertEquals(FinishReason.LENGTH, g.finishReason());
    assertEquals(3, g.tokens().size());
    assertEquals(", there was", g.text());
  }

  @Test
  void promptFillingTheContextIsRefused() {
    String longPrompt = "Once upon a time ".repeat(200);
    int tokens = cached.promptTokens(GenerationRequest.of(longPrompt, 1));
    assertTrue(tokens > 512, "prompt has " + tokens + " tokens; the tokenizer must not truncate");
    ContextLengthExceededException e =
        assertThrows(
            ContextLengthExceededException.class,
            () -> cached.generate(GenerationRequest.of(longPrompt, 1)));
    assertEquals(tokens, e.promptTokens());
    assertEquals(512, e.contextLength());
  }

  @Test
  void generationStopsWhenTheContextIsFull() {
    // 5 tokens of "Once upon a time" per repeat plus BOS; fill to just below 512.
    String prompt = "Once upon a time".repeat(1);
    StringBuilder text = new StringBuilder(prompt);
    while (cached.promptTokens(GenerationRequest.of(text + " Once upon a time", 1)) < 508) {
      text.append(" Once upon a time");
    }
    int promptTokens = cached.promptTokens(GenerationRequest.of(text.toString(), 1));
    Generation g = cached.generate(GenerationRequest.of(text.toString(), 100));
    assertEquals(FinishReason.LENGTH, g.finishReason());
    assertEquals(512, promptTokens + g.tokens().size());
  }
}
