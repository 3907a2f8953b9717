package io.tierwise.classifier;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What training found for one tier: the cross-validated choice of L2 strength and calibration, and
 * held-out quality of the resulting probabilities.
 *
 * <p>The held-out figures come from out-of-fold logistic-regression predictions passed through a
 * calibration that was itself cross-fitted on the other folds, so no row is scored by a model that
 * saw it. (The L2 strength was chosen on the same folds, a small optimism shared by every tier.)
 *
 * @param tier tier name
 * @param labelledRows rows with a label (and positive weight) for this tier
 * @param meanLabel weighted mean label, the base rate of success
 * @param regularisation cross-validated scores of each L2 strength tried, ascending L2
 * @param chosenL2 the L2 strength of the final model
 * @param calibrations cross-validated scores of each calibration candidate
 * @param chosenCalibration kind of the calibration the model carries
 * @param heldOutBrier Brier score of the calibrated out-of-fold predictions
 * @param heldOutLogLoss log loss of the calibrated out-of-fold predictions
 * @param heldOutAuc ROC AUC of the calibrated out-of-fold predictions (NaN with one class only)
 * @param reliability reliability table of the calibrated out-of-fold predictions
 * @param finalIterations L-BFGS iterations of the final fit on all labelled rows
 * @param unconvergedFits fits, out of all cross-validation and final fits, that stopped without
 *     meeting the tolerance
 */
public record TierTrainingReport(
    String tier,
    int labelledRows,
    double meanLabel,
    List<RegularisationScore> regularisation,
    double chosenL2,
    List<CalibrationScore> calibrations,
    String chosenCalibration,
    double heldOutBrier,
    double heldOutLogLoss,
    double heldOutAuc,
    ReliabilityTable reliability,
    int finalIterations,
    int unconvergedFits) {

  /** Cross-validated scores of one L2 strength (uncalibrated out-of-fold predictions). */
  public record RegularisationScore(double l2, double logLoss, double brier) {}

  /** Cross-validated scores of one calibration kind. */
  public record CalibrationScore(String kind, double logLoss, double brier) {
    public CalibrationScore {
      Objects.requireNonNull(kind, "kind");
    }
  }

  public TierTrainingReport {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(chosenCalibration, "chosenCalibration");
    Objects.requireNonNull(reliability, "reliability");
    regularisation = List.copyOf(regularisation);
    calibrations = List.copyOf(calibrations);
  }

  /** A multi-line human-readable summary. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "tier %s: %d labelled rows, base rate %.3f%n",
            tier,
            labelledRows,
            meanLabel));
    out.append("  L2 strength      cv log loss   cv Brier\n");
    for (RegularisationScore score : regularisation) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-12.4g %s %12.5f %10.5f%n",
              score.l2(),
              score.l2() == chosenL2 ? "*" : " ",
              score.logLoss(),
              score.brier()));
    }
    out.append("  calibration      cv log loss   cv Brier\n");
    for (CalibrationScore score : calibrations) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-12s %s %12.5f %10.5f%n",
              score.kind(),
              score.kind().equals(chosenCalibration) ? "*" : " ",
              score.logLoss(),
              score.brier()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "  held out: Brier %.4f, log loss %.4f, AUC %.4f, ECE %.4f; final fit %d iterations%s%n",
            heldOutBrier,
            heldOutLogLoss,
            heldOutAuc,
            reliability.expectedCalibrationError(),
            finalIterations,
            unconvergedFits == 0 ? "" : ", " + unconvergedFits + " fits did NOT converge"));
    for (String line : reliability.render().split("\n")) {
      out.append("    ").append(line).append('\n');
    }
    return out.toString();
  }
}
