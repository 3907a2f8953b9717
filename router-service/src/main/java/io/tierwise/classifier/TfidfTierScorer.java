package io.tierwise.classifier;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The "TF-IDF logistic-regression router" baseline: per tier, a calibrated L2-regularised logistic
 * regression on the prompt's TF-IDF vector predicts the probability that the tier answers well.
 * Uses no embedding or neighbours, so evaluation can show what those add.
 *
 * <p>{@code TfidfTierScorer scorer = TfidfTierScorer.train(trainPrompts, tiers, labels,
 * TfidfVectorizer.Options.defaults(), TfidfTierScorer.defaultTrainingOptions(),
 * System.err::println); double[][] p = scorer.predictAll(testPrompts); }
 */
public final class TfidfTierScorer {

  /**
   * L2 strengths for L2-normalised TF-IDF rows, which are not standardised and so need weaker
   * penalties than {@link TierTrainingOptions#DEFAULT_L2_GRID}.
   */
  public static final List<Double> DEFAULT_L2_GRID = List.of(1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2);

  private final List<String> tiers;
  private final TfidfVectorizer vectorizer;
  private final List<TierClassifier> classifiers;
  private final TrainingReport trainingReport;

  private TfidfTierScorer(
      List<String> tiers,
      TfidfVectorizer vectorizer,
      List<TierClassifier> classifiers,
      TrainingReport trainingReport) {
    this.tiers = List.copyOf(tiers);
    this.vectorizer = vectorizer;
    this.classifiers = List.copyOf(classifiers);
    this.trainingReport = trainingReport;
  }

  /** {@link TierTrainingOptions#defaults()} with {@link #DEFAULT_L2_GRID}. */
  public static TierTrainingOptions defaultTrainingOptions() {
    return TierTrainingOptions.defaults().withL2Grid(DEFAULT_L2_GRID);
  }

  /**
   * Fits the vectorizer on {@code prompts}, then one cross-validated, calibrated logistic
   * regression per tier on the rows labelled for it.
   *
   * @param prompts training prompts
   * @param tiers tier names, in prediction order
   * @param labels {@code labels[row][tier]}: quality in [0, 1], or NaN when missing
   * @param progress receives one line per finished tier
   */
  public static TfidfTierScorer train(
      List<String> prompts,
      List<String> tiers,
      double[][] labels,
      TfidfVectorizer.Options vectorizerOptions,
      TierTrainingOptions trainingOptions,
      Consumer<String> progress) {
    Objects.requireNonNull(prompts, "prompts");
    Objects.requireNonNull(vectorizerOptions, "vectorizerOptions");
    Objects.requireNonNull(trainingOptions, "trainingOptions");
    Objects.requireNonNull(progress, "progress");
    List<String> tierNames = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    double[][] checked =
        TierTrainingData.checkedLabels(
            tierNames, Objects.requireNonNull(labels, "labels"), prompts.size());
    long start = System.nanoTime();
    TfidfVectorizer vectorizer = TfidfVectorizer.fit(prompts, vectorizerOptions);
    SparseFeatureMatrix features = vectorizer.transform(prompts);
    List<TierClassifierTrainer.Result> results =
        new TierClassifierTrainer(trainingOptions)
            .trainAll(
                tierNames, features, t -> TierTrainingData.column(checked, t), null, progress);
    TrainingReport report =
        new TrainingReport(
            prompts.size(),
            features.columns(),
            trainingOptions.folds(),
            results.stream().map(TierClassifierTrainer.Result::report).toList(),
            Duration.ofNanos(System.nanoTime() - start));
    return new TfidfTierScorer(
        tierNames,
        vectorizer,
        results.stream().map(TierClassifierTrainer.Result::classifier).toList(),
        report);
  }

  /** Tier names in prediction order. */
  public List<String> tiers() {
    return tiers;
  }

  public TfidfVectorizer vectorizer() {
    return vectorizer;
  }

  /** One classifier per tier, over the vectorizer's columns. */
  public List<TierClassifier> classifiers() {
    return classifiers;
  }

  public TrainingReport trainingReport() {
    return trainingReport;
  }

  /** Per tier, the calibrated probability that the tier answers {@code prompt} well. */
  public double[] predict(String prompt) {
    return predictAll(List.of(Objects.requireNonNull(prompt, "prompt")))[0];
  }

  /** {@link #predict(String)} for each prompt; {@code result[row][tier]}. */
  public double[][] predictAll(List<String> prompts) {
    SparseFeatureMatrix features = vectorizer.transform(prompts);
    double[][] out = new double[prompts.size()][tiers.size()];
    for (int t = 0; t < tiers.size(); t++) {
      double[] p = classifiers.get(t).probabilities(features);
      for (int i = 0; i < p.length; i++) {
        out[i][t] = p[i];
      }
    }
    return out;
  }
}
