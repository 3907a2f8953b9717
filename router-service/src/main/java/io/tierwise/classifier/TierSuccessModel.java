package io.tierwise.classifier;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Predicts, for one prompt's feature vector, the calibrated probability that each tier's model
 * answers well: one L2-regularised logistic regression per tier over shared standardised features,
 * each followed by its own calibration.
 *
 * <p>Tiers are independent binary classifiers, each trained only on rows labelled for its model;
 * joint or pairwise modelling was left out because the policy only needs per-tier probabilities and
 * independent models degrade gracefully when a tier's labels are sparse.
 *
 * <p>Prediction folds the standardisation into the coefficients, so it is one dot product per tier
 * (about 5,000 multiply-adds for 11 tiers × 450 features) and allocates only the result array.
 *
 * <p>{@code TierSuccessModel model = TierSuccessModel.train(data, TierTrainingOptions.defaults(),
 * System.err::println); System.out.print(model.trainingReport().orElseThrow().render());
 * model.save(Path.of("tiers.twsm")); double[] p = TierSuccessModel.load(path).predict(features); }
 */
public final class TierSuccessModel {

  private final List<String> tiers;
  private final List<String> featureNames;
  private final FeatureScaler scaler;
  private final List<TierClassifier> classifiers;
  private final TrainingReport trainingReport;

  /** Per tier, coefficients divided by the feature scales: tier t occupies [t*d, (t+1)*d). */
  private final double[] foldedCoefficients;

  /** Per tier, the intercept with the feature means folded in. */
  private final double[] foldedIntercepts;

  private final ProbabilityCalibration[] calibrations;

  private TierSuccessModel(
      List<String> tiers,
      List<String> featureNames,
      FeatureScaler scaler,
      List<TierClassifier> classifiers,
      TrainingReport trainingReport) {
    this.tiers = List.copyOf(tiers);
    this.featureNames = List.copyOf(featureNames);
    this.scaler = scaler;
    this.classifiers = List.copyOf(classifiers);
    this.trainingReport = trainingReport;
    int d = featureNames.size();
    double[] means = scaler.means();
    double[] scales = scaler.scales();
    foldedCoefficients = new double[tiers.size() * d];
    foldedIntercepts = new double[tiers.size()];
    calibrations = new ProbabilityCalibration[tiers.size()];
    for (int t = 0; t < tiers.size(); t++) {
      LogisticRegression regression = classifiers.get(t).regression();
      double[] beta = regression.coefficients();
      double intercept = regression.intercept();
      for (int j = 0; j < d; j++) {
        double folded = beta[j] / scales[j];
        foldedCoefficients[t * d + j] = folded;
        intercept -= folded * means[j];
      }
      foldedIntercepts[t] = intercept;
      calibrations[t] = classifiers.get(t).calibration();
    }
  }

  /**
   * Assembles a model from its parts.
   *
   * @param tiers tier names, in prediction order
   * @param featureNames names of the raw feature columns
   * @param scaler standardisation applied before every classifier
   * @param classifiers one classifier per tier over standardised features
   */
  public static TierSuccessModel of(
      List<String> tiers,
      List<String> featureNames,
      FeatureScaler scaler,
      List<TierClassifier> classifiers) {
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(featureNames, "featureNames");
    Objects.requireNonNull(scaler, "scaler");
    Objects.requireNonNull(classifiers, "classifiers");
    if (tiers.isEmpty() || tiers.size() != classifiers.size()) {
      throw new IllegalArgumentException(
          "need one classifier per tier, got " + classifiers.size() + " for tiers " + tiers);
    }
    if (scaler.featureCount() != featureNames.size()) {
      throw new IllegalArgumentException(
          "scaler has " + scaler.featureCount() + " features, " + featureNames.size() + " names");
    }
    for (int t = 0; t < tiers.size(); t++) {
      int count = classifiers.get(t).regression().featureCount();
      if (count != featureNames.size()) {
        throw new IllegalArgumentException(
            "classifier of tier '"
                + tiers.get(t)
                + "' has "
                + count
                + " features, expected "
                + featureNames.size());
      }
    }
    return new TierSuccessModel(tiers, featureNames, scaler, classifiers, null);
  }

  /** {@link #train(TierTrainingData, TierTrainingOptions, Consumer)} without progress output. */
  public static TierSuccessModel train(TierTrainingData data, TierTrainingOptions options) {
    return train(data, options, line -> {});
  }

  /**
   * Fits the scaler on all rows, then trains each tier by cross-validation (see {@link
   * TierTrainingReport}); tiers run on {@code options.threads()} threads with identical results for
   * any thread count.
   *
   * @param progress receives one line per finished tier with rate and ETA, e.g. {@code
   *     System.err::println}
   * @throws IllegalArgumentException if a tier has too few labelled rows for the folds
   */
  public static TierSuccessModel train(
      TierTrainingData data, TierTrainingOptions options, Consumer<String> progress) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(progress, "progress");
    long start = System.nanoTime();
    FeatureScaler scaler = FeatureScaler.fit(data.features());
    DenseFeatureMatrix scaled = scaler.transform(data.features());
    List<TierClassifierTrainer.Result> results =
        new TierClassifierTrainer(options)
            .trainAll(data.tiers(), scaled, data::labelsOf, data.weights(), progress);
    TrainingReport report =
        new TrainingReport(
            data.rows(),
            scaled.columns(),
            options.folds(),
            results.stream().map(TierClassifierTrainer.Result::report).toList(),
            Duration.ofNanos(System.nanoTime() - start));
    return new TierSuccessModel(
        data.tiers(),
        data.featureNames(),
        scaler,
        results.stream().map(TierClassifierTrainer.Result::classifier).toList(),
        report);
  }

  /**
   * Reads a model written by {@link #save(Path)}.
   *
   * @throws ModelFormatException if the file is not a model file, has an unsupported version, or is
   *     corrupt or truncated; the message names the path
   */
  public static TierSuccessModel load(Path path) throws IOException {
    return TierSuccessModelFile.read(Objects.requireNonNull(path, "path"));
  }

  /** Writes the model (without its training report) atomically to {@code path}. */
  public void save(Path path) throws IOException {
    TierSuccessModelFile.write(this, Objects.requireNonNull(path, "path"));
  }

  /** Tier names in prediction order. */
  public List<String> tiers() {
    return tiers;
  }

  /** Names of the raw feature columns, in the order {@link #predict} expects. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** Number of raw features {@link #predict} expects. */
  public int featureCount() {
    return featureNames.size();
  }

  public FeatureScaler scaler() {
    return scaler;
  }

  /** One classifier per tier, over standardised features. */
  public List<TierClassifier> classifiers() {
    return classifiers;
  }

  /** The report of the training run that produced this model; empty for a loaded model. */
  public Optional<TrainingReport> trainingReport() {
    return Optional.ofNullable(trainingReport);
  }

  /**
   * Per tier (in {@link #tiers()} order), the calibrated probability that the tier answers the
   * prompt with these raw (unscaled) features well.
   *
   * @throws IllegalArgumentException if the vector has the wrong length or a non-finite value
   */
  public double[] predict(double[] features) {
    Objects.requireNonNull(features, "features");
    int d = featureNames.size();
    if (features.length != d) {
      throw new IllegalArgumentException("expected " + d + " features, got: " + features.length);
    }
    for (int j = 0; j < d; j++) {
      if (!Double.isFinite(features[j])) {
        throw new IllegalArgumentException(
            "feature " + j + " (" + featureNames.get(j) + ") must be finite, got: " + features[j]);
      }
    }
    double[] probabilities = new double[tiers.size()];
    for (int t = 0; t < probabilities.length; t++) {
      double z =
          DenseFeatureMatrix.dot(foldedCoefficients, t * d, features, d) + foldedIntercepts[t];
      probabilities[t] = calibrations[t].apply(LogisticLoss.sigmoid(z));
    }
    return probabilities;
  }

  /** {@link #predict(double[])} for each row; {@code result[row][tier]}. */
  public double[][] predictAll(double[][] features) {
    Objects.requireNonNull(features, "features");
    double[][] out = new double[features.length][];
    for (int i = 0; i < features.length; i++) {
      out[i] = predict(features[i]);
    }
    return out;
  }

  /** Equal tiers, feature names, scaler and classifiers; the training report is not compared. */
  @Override
  public boolean equals(Object o) {
    return o instanceof TierSuccessModel other
        && tiers.equals(other.tiers)
        && featureNames.equals(other.featureNames)
        && scaler.equals(other.scaler)
        && classifiers.equals(other.classifiers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tiers, featureNames, scaler, classifiers);
  }

  @Override
  public String toString() {
    return "TierSuccessModel[tiers=" + tiers + ", features=" + featureNames.size() + "]";
  }
}
