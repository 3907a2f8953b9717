package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate that keeps or escalates local answers: on stories260k, the story prompt passes
 * and its finance question fails, whole answers and stream probes alike; calibrations are found in
 * the configured file first, then the router artifact, else the mean-logprob fallback applies.
 */
class ConfidenceGateTest {

  static final String STORY = "Once upon a time, there was a little girl";
  static final String FINANCE =
      "What is the expected return of a leveraged ETF over a decade given volatility drag?";

  private static OnnxDecoder decoder;

  @TempDir Path dir;

  @BeforeAll
  static void load() {
    decoder = OnnxDecoder.load(TestModels.stories260k());
  }

  @AfterAll
  static void close() {
    decoder.close();
  }

  private static List<GeneratedToken> answer(String prompt, int tokens) {
    return decoder.generate(GenerationRequest.of(prompt, tokens)).tokens();
  }

  @Test
  void storyAndFinanceAreClearlySeparatedForAnswersAndStreamProbes() {
    ConfidenceGate gate = new ConfidenceGate.MeanLogprob(-0.6);
    for (int tokens : new int[] {LocalTierSettings.DEFAULT_STREAM_PROBE_TOKENS, 32}) {
      ConfidenceVerdict story = gate.judge(answer(STORY, tokens));
      ConfidenceVerdict finance = gate.judge(answer(FINANCE, tokens));
      System.out.printf(
          "stories260k, %d tokens: story mean logprob %.3f, finance %.3f%n",
          tokens, story.score(), finance.score());
      assertTrue(story.confident(), story.toString());
      assertFalse(finance.confident(), finance.toString());
      assertTrue(story.score() > finance.score() + 0.3, story + " vs " + finance);
      assertTrue(
          story.confidence().orElseThrow().minLogprob()
              > finance.confidence().orElseThrow().minLogprob(),
          "the least likely story token is likelier than the finance one");
      assertEquals(tokens, story.tokenCount());
    }
  }

  @Test
  void anEmptyAnswerIsNeverConfident() {
    ConfidenceVerdict verdict = new ConfidenceGate.MeanLogprob(-100).judge(List.of());
    assertFalse(verdict.confident());
    assertEquals(0, verdict.tokenCount());
    assertEquals(Double.NEGATIVE_INFINITY, verdict.score());
  }

  @Test
  void calibratedGateThresholdsProbabilityGood() {
    ConfidenceCalibration calibration = calibration();
    ConfidenceGate gate = new ConfidenceGate.Calibrated(calibration, 0.5);
    ConfidenceVerdict story = gate.judge(answer(STORY, 32));
    ConfidenceVerdict finance = gate.judge(answer(FINANCE, 32));
    assertEquals(ConfidenceBasis.CALIBRATED, story.basis());
    assertEquals(story.score(), story.probabilityGood().getAsDouble());
    assertTrue(story.confident(), story.toString());
    assertFalse(finance.confident(), finance.toString());
  }

  @Test
  void configuredFileWinsOverTheArtifactWhichWinsOverTheFallback() throws Exception {
    ConfidenceCalibration configured = calibration();
    Path file = Files.writeString(dir.resolve("configured.json"), configured.toJson());
    Path artifact = Files.createDirectories(dir.resolve("artifact"));
    ConfidenceCalibration inArtifact =
        ConfidenceCalibration.fit(
            List.of(
                new ConfidenceExample(AnswerConfidence.of(new double[] {-0.1}, 8), true),
                new ConfidenceExample(AnswerConfidence.of(new double[] {-3.0}, 8), false)));
    Files.writeString(artifact.resolve(ConfidenceGate.ARTIFACT_FILE), inArtifact.toJson());

    ConfidenceGate fromFile =
        ConfidenceGate.resolve(Optional.of(file), Optional.of(artifact), 0.7, -0.6);
    assertEquals(new ConfidenceGate.Calibrated(configured, 0.7), fromFile);
    ConfidenceGate fromArtifact =
        ConfidenceGate.resolve(Optional.empty(), Optional.of(artifact), 0.7, -0.6);
    assertEquals(new ConfidenceGate.Calibrated(inArtifact, 0.7), fromArtifact);
    ConfidenceGate fallback =
        ConfidenceGate.resolve(
            Optional.empty(), Optional.of(Files.createDirectories(dir.resolve("bare"))), 0.7, -0.6);
    assertEquals(new ConfidenceGate.MeanLogprob(-0.6), fallback);
    assertInstanceOf(
        ConfidenceGate.MeanLogprob.class,
        ConfidenceGate.resolve(Optional.empty(), Optional.empty(), 0.7, -0.6));
  }

  @Test
  void aRetrainedArtifactBringsItsOwnThreshold() throws Exception {
    Path artifact = Files.createDirectories(dir.resolve("retrained"));
    Files.writeString(artifact.resolve(ConfidenceGate.ARTIFACT_FILE), calibration().toJson());
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode manifest =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(Path.of("../models/default/manifest.json").toFile());
    manifest
        .putObject("localConfidence")
        .put("tier", "small")
        .put("examples", 200)
        .put("targetPrecision", 0.9)
        .put("minProbability", 0.83)
        .put("precision", 0.91)
        .put("coverage", 0.4);
    Files.writeString(artifact.resolve("manifest.json"), json.writeValueAsString(manifest));

    ConfidenceGate gate =
        ConfidenceGate.resolve(Optional.empty(), Optional.of(artifact), 0.7, -0.6);

    assertEquals(ConfidenceBasis.CALIBRATED, gate.basis());
    assertEquals(0.83, gate.threshold(), 1e-12);
  }

  @Test
  void unreadableCalibrationNamesTheFile() throws Exception {
    Path missing = dir.resolve("missing.json");
    LocalModelException e =
        assertThrows(
            LocalModelException.class,
            () -> ConfidenceGate.resolve(Optional.of(missing), Optional.empty(), 0.5, -0.6));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"model\":");
    e =
        assertThrows(
            LocalModelException.class,
            () -> ConfidenceGate.resolve(Optional.of(broken), Optional.empty(), 0.5, -0.6));
    assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
  }

  @Test
  void thresholdsOutsideTheirRangeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ConfidenceGate.MeanLogprob(0.1));
    assertThrows(
        IllegalArgumentException.class, () -> new ConfidenceGate.Calibrated(calibration(), 1.5));
  }

  /** Fitted on stories260k's answers to story openings (good) and other domains (bad). */
  private static ConfidenceCalibration calibration() {
    List<ConfidenceExample> examples =
        new java.util.ArrayList<>(
            List.of(
                    "Once upon a time",
                    "Lily wanted to play with her ball",
                    "Tom and his mom went to the park",
                    "One day, a little cat")
                .stream()
                .map(p -> new ConfidenceExample(AnswerConfidence.of(answer(p, 32)), true))
                .toList());
    List.of(
            "The quarterly revenue of the semiconductor company",
            "What is the capital of France?",
            "How do interest rate swaps hedge duration risk in a bond portfolio?",
            "List the steps to configure TLS mutual authentication in nginx.")
        .forEach(
            p -> examples.add(new ConfidenceExample(AnswerConfidence.of(answer(p, 32)), false)));
    return ConfidenceCalibration.fit(examples, 1.0);
  }
}
