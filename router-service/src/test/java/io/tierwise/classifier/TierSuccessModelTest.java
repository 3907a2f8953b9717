package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TierSuccessModelTest {

  private static final TierTrainingOptions OPTIONS =
      TierTrainingOptions.defaults()
          .withL2Grid(List.of(1e-3, 1e-2, 1e-1, 1.0))
          .withFolds(4, 99)
          .withThreads(2);

  private static SyntheticTiers train;
  private static SyntheticTiers test;
  private static TierSuccessModel model;

  @BeforeAll
  static void trainOnce() {
    SplittableRandom random = TestRandom.create("TierSuccessModelTest", 1234);
    train = SyntheticTiers.generate(random, 2_000);
    test = SyntheticTiers.generate(random, 3_000);
    List<String> progress = new ArrayList<>();
    model = TierSuccessModel.train(train.trainingData(), OPTIONS, progress::add);
    progress.forEach(System.out::println);
    assertEquals(3, progress.size());
    System.out.print(model.trainingReport().orElseThrow().render());
  }

  @Test
  void predictsWellRankedCalibratedProbabilitiesOnFreshData() {
    double[][] predicted = model.predictAll(test.features);
    for (int t = 0; t < SyntheticTiers.TIERS.size(); t++) {
      double[] p = new double[predicted.length];
      double[] truth = new double[predicted.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = predicted[i][t];
        truth[i] = test.truth[i][t];
      }
      // Against the true probabilities themselves as soft outcomes, a good model has a Brier
      // score close to the irreducible sum p(1-p) and an ECE near zero.
      double brier = ProbabilityMetrics.brierScore(p, truth);
      double ece = ReliabilityTable.of(p, truth).expectedCalibrationError();
      double rmse = 0;
      for (int i = 0; i < p.length; i++) {
        rmse += (p[i] - truth[i]) * (p[i] - truth[i]);
      }
      rmse = Math.sqrt(rmse / p.length);
      System.out.printf(
          "tier %s: Brier vs truth %.4f, RMSE to true probability %.4f, ECE %.4f%n",
          SyntheticTiers.TIERS.get(t), brier, rmse, ece);
      assertTrue(rmse < 0.06, "tier " + t + " probabilities are off by " + rmse);
      assertTrue(ece < 0.04, "tier " + t + " ECE " + ece);
    }
  }

  @Test
  void reportShowsTheChoicesAndCountsOnlyLabelledRows() {
    TrainingReport report = model.trainingReport().orElseThrow();
    assertEquals(2_000, report.rows());
    assertEquals(SyntheticTiers.FEATURES, report.features());
    TierTrainingReport large = report.tier("large");
    long labelled =
        java.util.Arrays.stream(train.labelsOf(2)).filter(v -> !Double.isNaN(v)).count();
    assertEquals(labelled, large.labelledRows());
    assertTrue(labelled < 1_600, "about 30% of the large tier's labels are missing");
    for (TierTrainingReport tier : report.tiers()) {
      assertTrue(OPTIONS.l2Grid().contains(tier.chosenL2()), tier.tier());
      assertEquals(OPTIONS.l2Grid().size(), tier.regularisation().size());
      assertEquals(3, tier.calibrations().size());
      assertEquals(0, tier.unconvergedFits(), tier.tier());
      // Ranking by the true probabilities is the best any model can do on these labels.
      double bestAuc = trueProbabilityAuc(SyntheticTiers.TIERS.indexOf(tier.tier()));
      assertTrue(
          tier.heldOutAuc() > bestAuc - 0.03,
          tier.tier() + " AUC " + tier.heldOutAuc() + ", true probabilities reach " + bestAuc);
      assertEquals(
          tier.chosenCalibration(),
          model.classifiers().get(SyntheticTiers.TIERS.indexOf(tier.tier())).calibration().kind());
    }
    String text = report.render();
    assertTrue(text.contains("tier medium") && text.contains("isotonic"), text);
  }

  private static double trueProbabilityAuc(int tier) {
    double[] labels = train.labelsOf(tier);
    int labelled = (int) java.util.Arrays.stream(labels).filter(v -> !Double.isNaN(v)).count();
    double[] truth = new double[labelled];
    double[] outcome = new double[labelled];
    for (int i = 0, k = 0; i < labels.length; i++) {
      if (!Double.isNaN(labels[i])) {
        truth[k] = train.truth[i][tier];
        outcome[k++] = labels[i];
      }
    }
    return ProbabilityMetrics.rocAuc(truth, outcome);
  }

  @Test
  void predictEqualsScalingThenRegressionThenCalibration() {
    double[] row = test.features[7];
    double[] scaled = model.scaler().transform(row);
    double[] predicted = model.predict(row);
    for (int t = 0; t < predicted.length; t++) {
      assertEquals(model.classifiers().get(t).probability(scaled), predicted[t], 1e-12);
    }
    assertArrayEquals(predicted, model.predictAll(new double[][] {row})[0], 0);
  }

  @Test
  void threadCountDoesNotChangeTheModel() {
    TierSuccessModel sequential =
        TierSuccessModel.train(train.trainingData(), OPTIONS.withThreads(1));
    assertEquals(model, sequential);
  }

  @Test
  void rejectsFeatureVectorsOfTheWrongShape() {
    assertThrows(IllegalArgumentException.class, () -> model.predict(new double[3]));
    double[] row = test.features[0].clone();
    row[2] = Double.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.predict(row));
    assertTrue(e.getMessage().contains("f2"), e.getMessage());
  }

  @Test
  void aTierWithTooFewLabelsIsNamedInTheError() {
    double[][] labels = new double[40][2];
    double[][] features = new double[40][1];
    for (int i = 0; i < 40; i++) {
      features[i][0] = i;
      labels[i][0] = i % 2;
      labels[i][1] = i < 5 ? 1 : Double.NaN;
    }
    TierTrainingData data = TierTrainingData.of(List.of("cheap", "rare"), features, labels);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TierSuccessModel.train(data, OPTIONS));
    assertTrue(e.getMessage().contains("'rare'") && e.getMessage().contains("5"), e.getMessage());
  }

  @Test
  void trainingDataRejectsLabelsOutsideTheUnitInterval() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TierTrainingData.of(
                    List.of("a"), new double[][] {{1}, {2}}, new double[][] {{0.5}, {1.5}}));
    assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("'a'"), e.getMessage());
  }
}
