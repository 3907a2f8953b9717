package io.tierwise.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Trains one tier's {@link TierClassifier} with K-fold cross-validation: the folds choose the L2
 * strength by out-of-fold log loss, the out-of-fold predictions fit and (cross-fitted again on the
 * same folds) choose the calibration, and a final fit on all labelled rows gives the model.
 *
 * <p>The feature matrix is shared by all tiers and viewed, not copied, for each tier's labelled
 * rows and each fold.
 */
final class TierClassifierTrainer {

  /** Trained classifier and what training found. */
  record Result(TierClassifier classifier, TierTrainingReport report) {}

  private final TierTrainingOptions options;

  TierClassifierTrainer(TierTrainingOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Assigns each of {@code rows} rows to one of {@code folds} folds, as evenly as possible, in an
   * order shuffled by {@code seed}. Shared by all tiers so their held-out rows coincide.
   */
  static int[] assignFolds(int rows, int folds, long seed) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int[] fold = new int[rows];
    for (int position = 0; position < rows; position++) {
      fold[order[position]] = position % folds;
    }
    return fold;
  }

  /**
   * Trains every tier on {@code options.threads()} threads; results are identical for any thread
   * count because each tier's training is sequential and the folds are shared.
   *
   * @param labelsOfTier per tier index, its label column (NaN where missing)
   * @param progress receives one line per finished tier
   */
  List<Result> trainAll(
      List<String> tiers,
      FeatureMatrix features,
      IntFunction<double[]> labelsOfTier,
      double[] weights,
      Consumer<String> progress) {
    int[] folds = assignFolds(features.rows(), options.folds(), options.seed());
    Progress tracker = new Progress(progress, tiers.size());
    List<Result> results = new ArrayList<>();
    try (ExecutorService executor =
        Executors.newFixedThreadPool(Math.min(options.threads(), tiers.size()))) {
      List<Future<Result>> futures = new ArrayList<>();
      for (int t = 0; t < tiers.size(); t++) {
        String tier = tiers.get(t);
        double[] labels = labelsOfTier.apply(t);
        futures.add(
            executor.submit(
                () -> {
                  Result result = train(tier, features, labels, weights, folds);
                  tracker.tierDone(tier);
                  return result;
                }));
      }
      for (Future<Result> future : futures) {
        results.add(join(future));
      }
    }
    return results;
  }

  private static <T> T join(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training tiers", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("training a tier failed", e.getCause());
    }
  }

  /**
   * Trains one tier.
   *
   * @param tier tier name, for the report and error messages
   * @param features all rows (already transformed)
   * @param labels per row, quality in [0, 1] or NaN when missing for this tier
   * @param weights per row weights, or {@code null} for all ones
   * @param foldOfRow per row, its fold, from {@link #assignFolds}
   */
  Result train(
      String tier, FeatureMatrix features, double[] labels, double[] weights, int[] foldOfRow) {
    int[] labelled = labelledRows(labels, weights);
    int n = labelled.length;
    int folds = options.folds();
    if (n < 2 * folds) {
      throw new IllegalArgumentException(
          "tier '"
              + tier
              + "' has "
              + n
              + " labelled rows; "
              + folds
              + "-fold cross-validation needs at least "
              + (2 * folds));
    }
    FeatureMatrix x = features.selectRows(labelled);
    double[] y = new double[n];
    double[] w = new double[n];
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels[labelled[i]];
      w[i] = weights == null ? 1.0 : weights[labelled[i]];
      fold[i] = foldOfRow[labelled[i]];
    }
    int[] foldSizes = new int[folds];
    for (int f : fold) {
      foldSizes[f]++;
    }
    if (Arrays.stream(foldSizes).filter(size -> size > 0).count() < 2) {
      throw new IllegalArgumentException(
          "tier '" + tier + "': its labelled rows fall into fewer than two folds");
    }

    double[] grid = options.l2Grid().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[][] outOfFold = new double[grid.length][n];
    LogisticRegression[] lastFoldModel = new LogisticRegression[grid.length];
    int unconverged = 0;
    for (int k = 0; k < folds; k++) {
      if (foldSizes[k] == 0) {
        continue;
      }
      int[] trainRows = rowsWhere(fold, k, false);
      int[] testRows = rowsWhere(fold, k, true);
      FeatureMatrix trainX = x.selectRows(trainRows);
      FeatureMatrix testX = x.selectRows(testRows);
      double[] trainY = gather(y, trainRows);
      double[] trainW = gather(w, trainRows);
      LogisticRegression warm = null;
      // Strongest penalty first: each solution is a good start for the next, weaker one.
      for (int g = grid.length - 1; g >= 0; g--) {
        LogisticRegression.Fit fit =
            LogisticRegression.fit(trainX, trainY, trainW, fitOptions(grid[g]), warm);
        unconverged += fit.converged() ? 0 : 1;
        warm = fit.model();
        lastFoldModel[g] = warm;
        double[] p = warm.probabilities(testX);
        for (int t = 0; t < testRows.length; t++) {
          outOfFold[g][testRows[t]] = p[t];
        }
      }
    }
    List<TierTrainingReport.RegularisationScore> regularisation = new ArrayList<>();
    int best = -1;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (int g = 0; g < grid.length; g++) {
      double loss = ProbabilityMetrics.logLoss(outOfFold[g], y, w);
      regularisation.add(
          new TierTrainingReport.RegularisationScore(
              grid[g], loss, ProbabilityMetrics.brierScore(outOfFold[g], y, w)));
      // <= prefers the stronger penalty on ties (the grid ascends).
      if (loss <= bestLoss) {
        bestLoss = loss;
        best = g;
      }
    }
    double[] raw = outOfFold[best];

    CalibrationChoice choice = chooseCalibration(raw, y, w, fold, folds);
    LogisticRegression.Fit finalFit =
        LogisticRegression.fit(x, y, w, fitOptions(grid[best]), lastFoldModel[best]);
    unconverged += finalFit.converged() ? 0 : 1;
    TierClassifier classifier = new TierClassifier(finalFit.model(), choice.calibration());
    double[] heldOut = choice.crossFitted();
    TierTrainingReport report =
        new TierTrainingReport(
            tier,
            n,
            weightedMean(y, w),
            regularisation,
            grid[best],
            choice.scores(),
            choice.calibration().kind(),
            ProbabilityMetrics.brierScore(heldOut, y, w),
            ProbabilityMetrics.logLoss(heldOut, y, w),
            ProbabilityMetrics.rocAuc(heldOut, y, w),
            ReliabilityTable.of(heldOut, y, w, ReliabilityTable.DEFAULT_BINS),
            finalFit.iterations(),
            unconverged);
    return new Result(classifier, report);
  }

  private record CalibrationChoice(
      ProbabilityCalibration calibration,
      double[] crossFitted,
      List<TierTrainingReport.CalibrationScore> scores) {}

  /** The calibration kinds tried, simplest first (ties keep the simpler one). */
  private enum Candidate {
    IDENTITY("identity"),
    PLATT("platt"),
    ISOTONIC("isotonic");

    private final String kind;

    Candidate(String kind) {
      this.kind = kind;
    }

    ProbabilityCalibration fit(double[] raw, double[] y, double[] w) {
      return switch (this) {
        case IDENTITY -> IdentityCalibration.INSTANCE;
        case PLATT -> PlattScaling.fit(raw, y, w);
        case ISOTONIC -> IsotonicCalibration.fit(raw, y, w);
      };
    }
  }

  /**
   * Scores each candidate by cross-fitting it on the out-of-fold predictions (fit on K-1 folds,
   * apply to the held-out one); fitting and scoring on the same rows would always favour isotonic.
   */
  private CalibrationChoice chooseCalibration(
      double[] raw, double[] y, double[] w, int[] fold, int folds) {
    List<TierTrainingReport.CalibrationScore> scores = new ArrayList<>();
    Candidate bestCandidate = null;
    double bestScore = Double.POSITIVE_INFINITY;
    double[] bestCrossFitted = null;
    for (Candidate candidate : Candidate.values()) {
      double[] crossFitted = new double[raw.length];
      for (int k = 0; k < folds; k++) {
        int[] testRows = rowsWhere(fold, k, true);
        if (testRows.length == 0) {
          continue;
        }
        int[] trainRows = rowsWhere(fold, k, false);
        ProbabilityCalibration calibration =
            candidate.fit(gather(raw, trainRows), gather(y, trainRows), gather(w, trainRows));
        for (int row : testRows) {
          crossFitted[row] = calibration.apply(raw[row]);
        }
      }
      double logLoss = ProbabilityMetrics.logLoss(crossFitted, y, w);
      double brier = ProbabilityMetrics.brierScore(crossFitted, y, w);
      scores.add(new TierTrainingReport.CalibrationScore(candidate.kind, logLoss, brier));
      double score = options.calibrationCriterion().score(crossFitted, y, w);
      if (score < bestScore) {
        bestScore = score;
        bestCandidate = candidate;
        bestCrossFitted = crossFitted;
      }
    }
    return new CalibrationChoice(bestCandidate.fit(raw, y, w), bestCrossFitted, scores);
  }

  private LogisticRegression.FitOptions fitOptions(double l2) {
    return new LogisticRegression.FitOptions(
        l2, options.maxIterations(), options.gradientTolerance());
  }

  private static int[] labelledRows(double[] labels, double[] weights) {
    int count = 0;
    int[] rows = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (!Double.isNaN(labels[i]) && (weights == null || weights[i] > 0)) {
        rows[count++] = i;
      }
    }
    return Arrays.copyOf(rows, count);
  }

  private static int[] rowsWhere(int[] fold, int k, boolean inFold) {
    int[] rows = new int[fold.length];
    int count = 0;
    for (int i = 0; i < fold.length; i++) {
      if ((fold[i] == k) == inFold) {
        rows[count++] = i;
      }
    }
    return Arrays.copyOf(rows, count);
  }

  private static double[] gather(double[] values, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  private static double weightedMean(double[] y, double[] w) {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      sum += w[i] * y[i];
      total += w[i];
    }
    return sum / total;
  }

  /** Reports progress of a multi-tier training run: a line per finished tier with rate and ETA. */
  static final class Progress {
    private final Consumer<String> sink;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int done;

    Progress(Consumer<String> sink, int total) {
      this.sink = Objects.requireNonNull(sink, "sink");
      this.total = total;
    }

    synchronized void tierDone(String tier) {
      done++;
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      double rate = done / Math.max(seconds, 1e-9);
      sink.accept(
          String.format(
              Locale.ROOT,
              "classifier: trained tier '%s' (%d/%d) after %.1f s, %.2f tiers/s, ETA %.0f s",
              tier,
              done,
              total,
              seconds,
              rate,
              (total - done) / rate));
    }
  }
}
