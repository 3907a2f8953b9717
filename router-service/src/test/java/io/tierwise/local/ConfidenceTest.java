package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfidenceTest {

  @Test
  void summarisesLogprobs() {
    AnswerConfidence c = AnswerConfidence.of(new double[] {-0.1, -0.3, -2.0, -0.2}, 2);
    assertEquals(4, c.tokenCount());
    assertEquals(-0.65, c.meanLogprob(), 1e-12);
    assertEquals(-2.0, c.minLogprob(), 0.0);
    assertEquals(-0.2, c.meanLogprobFirstN(), 1e-12);
    assertEquals(Math.exp(0.65), c.perplexity(), 1e-12);
    assertEquals(3, c.features().length);
    assertEquals(AnswerConfidence.FEATURE_NAMES.size(), c.features().length);
  }

  @Test
  void firstNCoversShortAnswersWhole() {
    AnswerConfidence c = AnswerConfidence.of(new double[] {-0.5, -1.5}, 8);
    assertEquals(-1.0, c.meanLogprobFirstN(), 1e-12);
  }

  @Test
  void rejectsEmptyOrImpossibleInput() {
    assertThrows(IllegalArgumentException.class, () -> AnswerConfidence.of(new double[0], 8));
    assertThrows(IllegalArgumentException.class, () -> AnswerConfidence.of(new double[] {0.1}, 8));
    assertThrows(
        IllegalArgumentException.class, () -> AnswerConfidence.of(new double[] {Double.NaN}, 8));
    assertThrows(IllegalArgumentException.class, () -> AnswerConfidence.of(new double[] {-1}, 0));
  }

  /**
   * Examples drawn from a known logistic law over the mean logprob: the fit must recover its
   * ordering and roughly its probabilities.
   */
  private static List<ConfidenceExample> synthetic(long seed, int n) {
    Random random = new Random(seed);
    List<ConfidenceExample> examples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double mean = -3.0 * random.nextDouble();
      double[] logprobs = new double[10];
      for (int t = 0; t < logprobs.length; t++) {
        logprobs[t] = Math.min(0.0, mean + 0.3 * random.nextGaussian());
      }
      AnswerConfidence c = AnswerConfidence.of(logprobs, 4);
      double pGood = 1.0 / (1.0 + Math.exp(-(4.0 * c.meanLogprob() + 5.0)));
      examples.add(new ConfidenceExample(c, random.nextDouble() < pGood));
    }
    return examples;
  }

  @Test
  void fitRecoversAKnownLogisticLaw() {
    long seed = new Random().nextLong();
    System.out.println("ConfidenceTest seed: " + seed);
    List<ConfidenceExample> examples = synthetic(seed, 4_000);
    ConfidenceCalibration calibration = ConfidenceCalibration.fit(examples);
    assertEquals(4, calibration.firstN());
    assertEquals(4_000, calibration.examples());

    AnswerConfidence sure = AnswerConfidence.of(new double[] {-0.1, -0.1, -0.1, -0.1}, 4);
    AnswerConfidence lost = AnswerConfidence.of(new double[] {-2.5, -2.5, -2.5, -2.5}, 4);
    double pSure = calibration.probabilityGood(sure);
    double pLost = calibration.probabilityGood(lost);
    // True law: sigmoid(4 * -0.1 + 5) = 0.990, sigmoid(4 * -2.5 + 5) = 0.0067.
    assertTrue(pSure > 0.95, "seed " + seed + ": " + pSure + " " + calibration);
    assertTrue(pLost < 0.05, "seed " + seed + ": " + pLost + " " + calibration);
    assertTrue(calibration.isConfident(sure, 0.9));
    assertFalse(calibration.isConfident(lost, 0.5));

    // Calibrated on average: predicted good share equals the observed share.
    double predicted = 0.0;
    long good = 0;
    for (ConfidenceExample e : examples) {
      predicted += calibration.probabilityGood(e.confidence());
      good += e.good() ? 1 : 0;
    }
    assertEquals(good, predicted, 1.0, "seed " + seed);
  }

  @Test
  void separableDataStaysFinite() {
    List<ConfidenceExample> examples = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      double lp = -0.1 - 0.1 * i;
      examples.add(new ConfidenceExample(AnswerConfidence.of(new double[] {lp}, 8), i < 10));
    }
    ConfidenceCalibration calibration = ConfidenceCalibration.fit(examples);
    for (double w : calibration.weights()) {
      assertTrue(Double.isFinite(w));
    }
    assertTrue(
        calibration.probabilityGood(AnswerConfidence.of(new double[] {-0.2}, 8)) > 0.9,
        calibration.toString());
  }

  @Test
  void jsonRoundTripKeepsEveryNumber() {
    ConfidenceCalibration calibration = ConfidenceCalibration.fit(synthetic(7L, 300));
    String json = calibration.toJson();
    assertTrue(
        json.contains("\"features\":[\"mean_logprob\",\"min_logprob\",\"mean_logprob_first_n\"]"),
        json);
    assertEquals(calibration, ConfidenceCalibration.fromJson(json));
  }

  @Test
  void fromJsonRejectsOtherFeatures() {
    String json =
        ConfidenceCalibration.fit(synthetic(7L, 300))
            .toJson()
            .replace("\"min_logprob\"", "\"max_logprob\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConfidenceCalibration.fromJson(json));
    assertTrue(e.getMessage().contains("max_logprob"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConfidenceCalibration.fromJson("{"));
  }

  @Test
  void fitNeedsBothOutcomes() {
    List<ConfidenceExample> allGood =
        List.of(
            new ConfidenceExample(AnswerConfidence.of(new double[] {-0.1}, 8), true),
            new ConfidenceExample(AnswerConfidence.of(new double[] {-0.2}, 8), true));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConfidenceCalibration.fit(allGood));
    assertTrue(e.getMessage().contains("2 good and 0 bad"), e.getMessage());
  }

  @Test
  void refusesConfidenceWithAnotherFirstN() {
    ConfidenceCalibration calibration = ConfidenceCalibration.fit(synthetic(7L, 300));
    assertThrows(
        IllegalArgumentException.class,
        () -> calibration.probabilityGood(AnswerConfidence.of(new double[] {-0.1}, 8)));
  }
}
