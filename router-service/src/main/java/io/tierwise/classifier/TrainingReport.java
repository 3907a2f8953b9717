package io.tierwise.classifier;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The training report of a multi-tier model: per-tier cross-validation results and the overall
 * shape of the run.
 *
 * @param rows training rows
 * @param features feature columns
 * @param folds cross-validation folds
 * @param tiers one report per tier, in tier order
 * @param elapsed wall-clock training time
 */
public record TrainingReport(
    int rows, int features, int folds, List<TierTrainingReport> tiers, Duration elapsed) {

  public TrainingReport {
    tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** The report of the named tier. */
  public TierTrainingReport tier(String name) {
    return tiers.stream()
        .filter(t -> t.tier().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no tier named '" + name + "'"));
  }

  /** A human-readable summary: a one-line-per-tier overview, then each tier's details. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "trained %d tiers on %d rows x %d features, %d-fold cross-validation, %.1f s%n",
            tiers.size(),
            rows,
            features,
            folds,
            elapsed.toMillis() / 1000.0));
    out.append(
        String.format(
            Locale.ROOT,
            "%-36s %6s %6s %9s %-9s %7s %7s %6s %6s%n",
            "tier",
            "rows",
            "base",
            "L2",
            "calib",
            "Brier",
            "logloss",
            "AUC",
            "ECE"));
    for (TierTrainingReport t : tiers) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-36s %6d %6.3f %9.2g %-9s %7.4f %7.4f %6.3f %6.3f%n",
              t.tier(),
              t.labelledRows(),
              t.meanLabel(),
              t.chosenL2(),
              t.chosenCalibration(),
              t.heldOutBrier(),
              t.heldOutLogLoss(),
              t.heldOutAuc(),
              t.reliability().expectedCalibrationError()));
    }
    for (TierTrainingReport t : tiers) {
      out.append('\n').append(t.render());
    }
    return out.toString();
  }
}
