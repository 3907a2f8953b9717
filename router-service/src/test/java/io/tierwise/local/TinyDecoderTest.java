package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * The tiny random-weight decoder (no position_ids input, no grouped-query attention, head_dim
 * derived from hidden_size, byte-level BPE) reproduces the numpy reference of its generator.
 */
class TinyDecoderTest {

  private static final double LOGPROB_TOLERANCE = 1e-4;

  private static OnnxDecoder cached;
  private static OnnxDecoder recomputing;
  private static JsonNode reference;

  @BeforeAll
  static void load() {
    Path dir = TestModels.tinyDecoder();
    cached = OnnxDecoder.load(dir);
    recomputing = OnnxDecoder.load(dir, DecoderOptions.DEFAULT.withKvCache(false));
    reference = TestModels.readJson(dir.resolve("reference.json"));
  }

  @AfterAll
  static void close() {
    cached.close();
    recomputing.close();
  }

  @Test
  void configDefaultsComeFromHiddenSizeAndAttentionHeads() {
    DecoderConfig config = cached.config();
    assertEquals(3, config.numLayers());
    assertEquals(2, config.numKvHeads());
    assertEquals(16, config.headDim());
    assertEquals(300, config.vocabSize());
    assertEquals(64, config.maxPositions());
    assertEquals(Set.of(2), config.eosTokenIds());
    assertEquals("tiny-decoder", cached.modelId());
  }

  static Stream<Arguments> promptsAndModes() {
    List<Arguments> cases = new ArrayList<>();
    for (int prompt = 0; prompt < reference.get("prompts").size(); prompt++) {
      cases.add(Arguments.of(prompt, true));
      cases.add(Arguments.of(prompt, false));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "prompt {0}, kv cache {1}")
  @MethodSource("promptsAndModes")
  void reproducesReferenceIdsLogprobsAndAlternatives(int index, boolean kvCache) {
    JsonNode prompt = reference.get("prompts").get(index);
    OnnxDecoder decoder = kvCache ? cached : recomputing;
    assertEquals(kvCache, decoder.usesKvCache());
    assertArrayEquals(
        TestModels.longs(prompt.get("prompt_ids")),
        decoder.tokenize(prompt.get("prompt").asText()));

    Generation g =
        decoder.generate(
            GenerationRequest.of(
                    prompt.get("prompt").asText(), reference.get("max_new_tokens").asInt())
                .withTopLogprobs(3));

    assertArrayEquals(TestModels.ints(prompt.get("generated_ids")), g.tokenIds());
    double[] want = TestModels.doubles(prompt.get("generated_logprobs"));
    for (int i = 0; i < want.length; i++) {
      GeneratedToken token = g.tokens().get(i);
      assertEquals(want[i], token.logprob(), LOGPROB_TOLERANCE, "logprob of step " + i);
      JsonNode alternatives = prompt.get("top_logprobs").get(i);
      for (int k = 0; k < alternatives.size(); k++) {
        TokenLogprob alt = token.topLogprobs().get(k);
        assertEquals(alternatives.get(k).get("id").asInt(), alt.id(), "step " + i + " rank " + k);
        assertEquals(
            alternatives.get(k).get("logprob").asDouble(), alt.logprob(), LOGPROB_TOLERANCE);
      }
    }
    assertEquals(prompt.get("finish_reason").asText(), g.finishReason().wireName());
    assertEquals(prompt.get("generated_text").asText(), g.text());
  }

  @Test
  void textAssemblyMatchesTheTokenizersLossyDecode() throws Exception {
    // Random weights emit byte tokens that form invalid UTF-8: both sides must replace alike.
    try (HuggingFaceTokenizer djl =
        HuggingFaceTokenizer.newInstance(TestModels.tinyDecoder().resolve("tokenizer.json"))) {
      for (JsonNode prompt : reference.get("prompts")) {
        Generation g = cached.generate(GenerationRequest.of(prompt.get("prompt").asText(), 16));
        long[] ids = new long[g.tokens().size()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = g.tokens().get(i).id();
        }
        assertEquals(djl.decode(ids, true), g.text(), "prompt " + prompt.get("prompt"));
      }
    }
  }

  @Test
  void generationStopsAtTheSmallContextWindow() {
    Generation g = cached.generate(GenerationRequest.of("Once upon a time", 1000));
    assertEquals(FinishReason.LENGTH, g.finishReason());
    assertEquals(64, g.usage().totalTokens());
  }

  @Test
  void byteLevelTokensCarryTheirBytes() {
    Generation g =
        cached.generate(GenerationRequest.of("caf\u00e9 \u65e5\u672c", 16).withTopLogprobs(1));
    boolean sawFragment = false;
    for (GeneratedToken token : g.tokens()) {
      byte[] bytes = token.bytes();
      assertTrue(bytes.length > 0, "byte-level tokens are never empty: " + token);
      if (token.token().startsWith("bytes:")) {
        sawFragment = true;
        StringBuilder escaped = new StringBuilder("bytes:");
        for (byte b : bytes) {
          escaped.append(String.format("\\x%02x", b & 0xff));
        }
        assertEquals(escaped.toString(), token.token());
      } else {
        assertEquals(token.token(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    assertTrue(sawFragment, "this reference output contains partial UTF-8 tokens: " + g.tokens());
  }
}
