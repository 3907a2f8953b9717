package io.tierwise.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tierwise.local.AnswerConfidence;
import io.tierwise.local.ConfidenceCalibration;
import io.tierwise.local.ConfidenceExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LocalConfidenceThresholdTest {

  @Test
  void picksTheLargestCoverageWhosePrecisionBoundMeetsTheTarget() {
    // 100 answers at descending probability; the top 60 are all good, the rest alternate.
    int n = 100;
    double[] p = new double[n];
    boolean[] good = new boolean[n];
    for (int i = 0; i < n; i++) {
      p[i] = 1.0 - (i + 1) / 200.0;
      good[i] = i < 60 || i % 2 == 0;
    }
    LocalConfidenceThreshold.Choice choice = LocalConfidenceThreshold.forPrecision(p, good, 0.9);
    // Check against a brute-force scan of every cut.
    int bestKept = 0;
    for (int kept = 1; kept <= n; kept++) {
      int g = 0;
      for (int i = 0; i < kept; i++) {
        g += good[i] ? 1 : 0;
      }
      if (LocalConfidenceThreshold.wilsonLower(g, kept, 1.0) >= 0.9) {
        bestKept = kept;
      }
    }
    assertTrue(bestKept > 60, "the bound tolerates a few bad answers past the clean prefix");
    assertEquals(bestKept, choice.kept());
    assertEquals(p[bestKept - 1], choice.minProbability());
    assertEquals((double) bestKept / n, choice.coverage());
    assertTrue(choice.precisionLowerBound() >= 0.9);
    assertTrue(choice.precision() >= choice.precisionLowerBound());
  }

  @Test
  void escalatesEverythingWhenNoThresholdIsPreciseEnough() {
    double[] p = {0.9, 0.8, 0.7, 0.6};
    boolean[] good = {true, false, true, false};
    LocalConfidenceThreshold.Choice choice = LocalConfidenceThreshold.forPrecision(p, good, 0.9);
    assertEquals(1.0, choice.minProbability());
    assertEquals(0, choice.kept());
    assertEquals(0.0, choice.coverage());
  }

  @Test
  void tiedProbabilitiesAreKeptOrDroppedTogether() {
    double[] p = new double[40];
    boolean[] good = new boolean[40];
    for (int i = 0; i < 40; i++) {
      p[i] = i < 30 ? 0.95 : 0.5;
      good[i] = i < 30 ? i != 0 : false;
    }
    LocalConfidenceThreshold.Choice choice = LocalConfidenceThreshold.forPrecision(p, good, 0.85);
    assertEquals(30, choice.kept());
    assertEquals(0.95, choice.minProbability());
  }

  @Test
  void thresholdOnAFittedCalibrationSeparatesConfidentAnswers() {
    long seed = 20261203L;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    List<ConfidenceExample> examples = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      boolean good = random.nextDouble() < 0.6;
      double mean = good ? -0.2 - 0.2 * random.nextDouble() : -0.5 - 1.0 * random.nextDouble();
      double min = mean * 4;
      examples.add(
          new ConfidenceExample(
              new AnswerConfidence(20, 8, mean, min, mean, Math.exp(-mean)), good));
    }
    ConfidenceCalibration calibration = ConfidenceCalibration.fit(examples);
    double[] p =
        examples.stream().mapToDouble(e -> calibration.probabilityGood(e.confidence())).toArray();
    boolean[] good = new boolean[p.length];
    for (int i = 0; i < p.length; i++) {
      good[i] = examples.get(i).good();
    }
    LocalConfidenceThreshold.Choice choice = LocalConfidenceThreshold.forPrecision(p, good, 0.95);
    // The classes barely overlap, so most good answers stay local at 95% precision.
    assertTrue(choice.coverage() > 0.45, choice.describe());
    assertTrue(choice.precision() >= 0.95, choice.describe());
  }

  @Test
  void rejectsBadInput() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalConfidenceThreshold.forPrecision(new double[] {0.5}, new boolean[2], 0.9));
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalConfidenceThreshold.forPrecision(new double[0], new boolean[0], 0.9));
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalConfidenceThreshold.forPrecision(new double[] {1.5}, new boolean[1], 0.9));
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalConfidenceThreshold.forPrecision(new double[] {0.5}, new boolean[1], 0.0));
  }
}
