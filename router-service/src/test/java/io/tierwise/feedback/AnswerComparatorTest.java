package io.tierwise.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tierwise.gateway.FakeOpenAiUpstream;
import io.tierwise.gateway.GatewaySettings;
import io.tierwise.gateway.TierCaller;
import io.tierwise.gateway.UpstreamSettings;
import io.tierwise.reload.VersionedRouter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerComparatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectNode REQUEST = request();

  private static ObjectNode request() {
    ObjectNode request = JSON.createObjectNode().put("model", "tierwise/auto");
    request.putArray("messages").addObject().put("role", "user").put("content", "2+2?");
    return request;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "B.|b|1.0",
        "  The  Answer is 4 |the answer is 4.|1.0",
        "{\"a\": 1, \"b\": [2, 3]}|{ \"b\": [2,3], \"a\": 1 }|1.0",
        "{\"a\": 1}|{\"a\": 2}|0.0",
        "4|5|0.0",
      })
  void normalisedMatchIgnoresCaseSpacingPunctuationAndJsonLayout(
      String served, String top, double expected) {
    AnswerComparator.Grades grades = new AnswerComparator.Normalised().grade(REQUEST, served, top);

    assertEquals(expected, grades.served());
    assertEquals(1.0, grades.top(), "the reference is the top tier's answer");
    assertEquals(0.0, grades.costUsd());
  }

  @Test
  void exactMatchOnlyTrimsWhitespace() {
    assertEquals(1.0, new AnswerComparator.Exact().grade(REQUEST, " 4\n", "4").served());
    assertEquals(0.0, new AnswerComparator.Exact().grade(REQUEST, "B.", "b").served());
  }

  @Test
  void theJudgeGradesBothAnswersThroughItsTiersUpstream() throws Exception {
    try (FakeOpenAiUpstream judge = FakeOpenAiUpstream.start("{\"a\": 7, \"b\": 10}");
        FakeOpenAiUpstream mute = FakeOpenAiUpstream.start("I cannot grade that");
        TierCaller caller =
            TierCaller.create(
                GatewaySettings.of(
                    List.of(
                        UpstreamSettings.of("judge-1", "large", judge.baseUrl(), "judge-model"),
                        UpstreamSettings.of("mute-1", "medium", mute.baseUrl(), "mute-model"))),
                VersionedRouter.TIERS,
                name -> null)) {
      AnswerComparator.Grades grades =
          new AnswerComparator.Judge(caller, "large", Duration.ofSeconds(10))
              .grade(REQUEST, "five", "4");

      assertEquals(0.7, grades.served(), 1e-12);
      assertEquals(1.0, grades.top());
      assertTrue(grades.costUsd() > 0);
      String sent = judge.received().get(0).toString();
      assertTrue(sent.contains("Answer A:\\nfive") && sent.contains("user: 2+2?"), sent);
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  new AnswerComparator.Judge(caller, "medium", Duration.ofSeconds(10))
                      .grade(REQUEST, "five", "4"));
      assertTrue(e.getMessage().contains("no grade"), e.getMessage());
    }
  }

  @Test
  void localConfidencePrefersTheCalibratedProbabilityThenTheMeanTokenProbability() {
    LocalConfidence calibrated =
        LocalConfidence.of(
                "d", "local", "m", OptionalDouble.of(0.8), OptionalDouble.of(-2), true, 1, 2, 0)
            .orElseThrow();
    LocalConfidence raw =
        LocalConfidence.of(
                "d", "local", "m", OptionalDouble.empty(), OptionalDouble.of(-0.5), false, 1, 2, 0)
            .orElseThrow();

    assertEquals(0.8, calibrated.confidence());
    assertEquals(Math.exp(-0.5), raw.confidence(), 1e-12);
    assertEquals(
        Optional.empty(),
        LocalConfidence.of(
            "d", "local", "m", OptionalDouble.empty(), OptionalDouble.empty(), true, 0, 0, 0));
  }
}
