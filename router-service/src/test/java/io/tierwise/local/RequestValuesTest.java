package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation of the request and result values, with the bad value in the message. */
class RequestValuesTest {

  @Test
  void samplingParamsRejectOutOfRangeValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SamplingParams.of(-1, 1, 0));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SamplingParams.of(1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> SamplingParams.of(1, 1.5, 0));
    assertThrows(IllegalArgumentException.class, () -> SamplingParams.of(Double.NaN, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> SamplingParams.of(1, 1, 0).withTopK(-2));
    assertTrue(SamplingParams.GREEDY.isGreedy());
  }

  @Test
  void generationRequestValidatesAndCopies() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GenerationRequest.of("x", 0));
    assertTrue(e.getMessage().contains("got: 0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> GenerationRequest.of("x", 1).withStopStrings(List.of("")));
    assertThrows(
        IllegalArgumentException.class, () -> GenerationRequest.of("x", 1).withTopLogprobs(21));
    assertThrows(
        IllegalArgumentException.class,
        () -> GenerationRequest.of("x", 1).withStopTokenIds(Set.of(-1)));
    GenerationRequest r =
        GenerationRequest.of("x", 5).withStopStrings(List.of("a")).withSystemPrompt("s");
    assertEquals(List.of("a"), r.stopStrings());
    assertEquals("s", r.systemPrompt());
    assertEquals(5, r.maxNewTokens());
  }

  @Test
  void chatTemplateNeedsUserPlaceholderAndRendersInOnePass() {
    assertThrows(IllegalArgumentException.class, () -> new ChatTemplate("{system} only"));
    ChatTemplate t = new ChatTemplate("<s>{system}|{user}|");
    assertEquals("<s>sys|say {system}|", t.render("sys", "say {system}"));
  }

  @Test
  void tokensCopyTheirBytesAndCompareByContent() {
    byte[] bytes = {'a'};
    GeneratedToken token = new GeneratedToken(5, "a", bytes, -0.5, List.of());
    bytes[0] = 'b';
    assertEquals('a', token.bytes()[0]);
    token.bytes()[0] = 'c';
    assertEquals('a', token.bytes()[0]);
    assertEquals(token, new GeneratedToken(5, "a", new byte[] {'a'}, -0.5, List.of()));
    assertNotEquals(token, new GeneratedToken(5, "a", new byte[] {'b'}, -0.5, List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> new GeneratedToken(1, "a", bytes, 0.1, List.of()));
  }

  @Test
  void generationUsageMatchesItsTokens() {
    GeneratedToken token = new GeneratedToken(5, "a", new byte[] {'a'}, -0.5, List.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Generation("a", List.of(token), FinishReason.STOP, new TokenUsage(3, 2)));
    Generation g = new Generation("a", List.of(token), FinishReason.STOP, new TokenUsage(3, 1));
    assertEquals(4, g.usage().totalTokens());
    assertEquals("stop", g.finishReason().wireName());
  }
}
