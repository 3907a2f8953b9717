package io.tierwise.knn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Neighbour-based difficulty features of one query: how close its nearest labelled prompts are, and
 * per model how well the model did on them, as a fixed-layout vector for the classifier.
 *
 * <p>With neighbours {@code i = 1..n} ({@code n <= k}, most similar first) of cosine similarity
 * {@code s_i}, kernel weight {@code w_i = exp((s_i - 1) / τ)} ({@link KnnFeatureSpec#weight}), and
 * for a model {@code m} the neighbours {@code L_m} labelled for it with quality {@code q_i}, mass
 * {@code W_m = Σ_{L_m} w_i} and prior mean {@code μ_m} ({@link QualityPriors#mean}):
 *
 * <ul>
 *   <li>{@code quality_m = (Σ_{L_m} w_i q_i + α μ_m) / (W_m + α)}: the weighted mean shrunk toward
 *       the prior; it is the prior when no neighbour is labelled and approaches the neighbours'
 *       mean as close evidence accumulates (an exact duplicate counts as much as the prior).
 *   <li>{@code std_m = sqrt((Σ_{L_m} w_i (q_i - quality_m)² + α (μ_m (1 - μ_m) + (μ_m -
 *       quality_m)²)) / (W_m + α))}: the standard deviation of the same mixture, the neighbours'
 *       labels plus a Bernoulli(μ_m) prior of weight α; it stays high while evidence is thin.
 *   <li>{@code labelled_m = |L_m|} and {@code mass_m = W_m}: how much evidence there is.
 *   <li>{@code nearest_m}, {@code nearest_sim_m}: quality and similarity of the most similar
 *       labelled neighbour ({@code μ_m} and {@link #MISSING_SIMILARITY} if none), which matters
 *       most when the memory holds a near-duplicate of the query.
 * </ul>
 *
 * <p>A neighbour without a label for {@code m} simply does not count for {@code m}; a model absent
 * from the whole memory gets prior-only features.
 *
 * @param spec how the features were computed
 * @param neighbours the neighbours described, most similar first, at most {@code spec.k()}
 * @param models per requested model, in request order, what the neighbours say about it
 */
public record KnnFeatures(
    KnnFeatureSpec spec, List<MemoryNeighbour> neighbours, List<ModelEvidence> models) {

  /** Similarity reported for a neighbour that does not exist (fewer than k, or none labelled). */
  public static final double MISSING_SIMILARITY = 0.0;

  public KnnFeatures {
    Objects.requireNonNull(spec, "spec");
    neighbours = List.copyOf(Objects.requireNonNull(neighbours, "neighbours"));
    models = List.copyOf(Objects.requireNonNull(models, "models"));
    if (neighbours.size() > spec.k()) {
      throw new IllegalArgumentException(
          "at most k = " + spec.k() + " neighbours, got: " + neighbours.size());
    }
    for (int i = 1; i < neighbours.size(); i++) {
      if (neighbours.get(i).similarity() > neighbours.get(i - 1).similarity()) {
        throw new IllegalArgumentException(
            "neighbours must be sorted by similarity, most similar first; got "
                + neighbours.get(i - 1).similarity()
                + " before "
                + neighbours.get(i).similarity());
      }
    }
    requireUnique(models.stream().map(ModelEvidence::model).toList());
  }

  /**
   * Computes the features of a query from its neighbours.
   *
   * @param neighbours at most {@code spec.k()} neighbours, most similar first
   * @param models the models to describe, in the order they should appear in {@link #toArray()}
   * @param priors the memory's prior mean quality per model (leave-one-out if the query is itself
   *     in the memory)
   */
  public static KnnFeatures of(
      List<MemoryNeighbour> neighbours,
      List<String> models,
      QualityPriors priors,
      KnnFeatureSpec spec) {
    Objects.requireNonNull(neighbours, "neighbours");
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(priors, "priors");
    Objects.requireNonNull(spec, "spec");
    double[] weights = new double[neighbours.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = spec.weight(neighbours.get(i).similarity());
    }
    List<ModelEvidence> evidence = new ArrayList<>(models.size());
    for (String model : models) {
      evidence.add(evidence(model, neighbours, weights, priors.mean(model), spec.priorWeight()));
    }
    return new KnnFeatures(spec, neighbours, evidence);
  }

  private static ModelEvidence evidence(
      String model,
      List<MemoryNeighbour> neighbours,
      double[] weights,
      double prior,
      double priorWeight) {
    Objects.requireNonNull(model, "model name");
    double mass = 0;
    double weightedSum = 0;
    int labelled = 0;
    double nearestQuality = prior;
    double nearestSimilarity = MISSING_SIMILARITY;
    for (int i = 0; i < weights.length; i++) {
      OptionalDouble quality = neighbours.get(i).quality(model);
      if (quality.isEmpty()) {
        continue;
      }
      if (labelled == 0) {
        nearestQuality = quality.getAsDouble();
        nearestSimilarity = neighbours.get(i).similarity();
      }
      labelled++;
      mass += weights[i];
      weightedSum += weights[i] * quality.getAsDouble();
    }
    double mean = (weightedSum + priorWeight * prior) / (mass + priorWeight);
    double squares = priorWeight * (prior * (1 - prior) + (prior - mean) * (prior - mean));
    for (int i = 0; i < weights.length; i++) {
      OptionalDouble quality = neighbours.get(i).quality(model);
      if (quality.isPresent()) {
        double deviation = quality.getAsDouble() - mean;
        squares += weights[i] * deviation * deviation;
      }
    }
    double std = Math.sqrt(squares / (mass + priorWeight));
    return new ModelEvidence(
        model,
        clampUnit(mean),
        Math.min(std, 0.5),
        labelled,
        mass,
        nearestQuality,
        nearestSimilarity);
  }

  private static double clampUnit(double value) {
    return Math.max(0.0, Math.min(1.0, value));
  }

  /**
   * The {@code k} neighbour similarities, most similar first, padded with {@link
   * #MISSING_SIMILARITY}.
   */
  public double[] topSimilarities() {
    double[] similarities = new double[spec.k()];
    Arrays.fill(similarities, MISSING_SIMILARITY);
    for (int i = 0; i < neighbours.size(); i++) {
      similarities[i] = neighbours.get(i).similarity();
    }
    return similarities;
  }

  /** Number of neighbours found: {@code k} unless the memory holds fewer prompts. */
  public int found() {
    return neighbours.size();
  }

  /** Mean similarity of the neighbours found, or {@link #MISSING_SIMILARITY} if none. */
  public double meanSimilarity() {
    if (neighbours.isEmpty()) {
      return MISSING_SIMILARITY;
    }
    double sum = 0;
    for (MemoryNeighbour neighbour : neighbours) {
      sum += neighbour.similarity();
    }
    return sum / neighbours.size();
  }

  /** Similarity of the nearest neighbour, or {@link #MISSING_SIMILARITY} if none. */
  public double maxSimilarity() {
    return neighbours.isEmpty() ? MISSING_SIMILARITY : neighbours.get(0).similarity();
  }

  /** Number of neighbours with similarity at or above {@code threshold}. */
  public int countAtLeast(double threshold) {
    int count = 0;
    for (MemoryNeighbour neighbour : neighbours) {
      if (neighbour.similarity() >= threshold) {
        count++;
      }
    }
    return count;
  }

  /** The evidence about {@code model}; it must be one of the models the features were asked for. */
  public ModelEvidence model(String model) {
    for (ModelEvidence evidence : models) {
      if (evidence.model().equals(model)) {
        return evidence;
      }
    }
    throw new IllegalArgumentException(
        "no features for model '"
            + model
            + "'; computed for: "
            + models.stream().map(ModelEvidence::model).toList());
  }

  /**
   * The features as one vector, laid out as {@link #names()}: the {@code k} top similarities, mean
   * and max similarity, number found, the count at or above each threshold, then per model (in
   * request order) quality, std, labelled, mass, nearest and nearest_sim.
   */
  public double[] toArray() {
    double[] features = new double[size(spec, models.size())];
    double[] similarities = topSimilarities();
    System.arraycopy(similarities, 0, features, 0, similarities.length);
    int offset = similarities.length;
    features[offset++] = meanSimilarity();
    features[offset++] = maxSimilarity();
    features[offset++] = found();
    for (double threshold : spec.thresholds()) {
      features[offset++] = countAtLeast(threshold);
    }
    for (ModelEvidence evidence : models) {
      evidence.writeTo(features, offset);
      offset += ModelEvidence.FEATURE_COUNT;
    }
    return features;
  }

  /** Names of the entries of {@link #toArray()}, in order. */
  public List<String> names() {
    return names(spec, models.stream().map(ModelEvidence::model).toList());
  }

  /**
   * Names of the entries of {@link #toArray()} for features computed with {@code spec} for {@code
   * models}, e.g. {@code knn.sim.1}, {@code knn.sim.mean}, {@code knn.at_least.0.7}, {@code
   * knn.model.gpt-4.quality}. Lets a classifier fix its input layout before any query.
   */
  public static List<String> names(KnnFeatureSpec spec, List<String> models) {
    Objects.requireNonNull(spec, "spec");
    requireUnique(models);
    List<String> names = new ArrayList<>(size(spec, models.size()));
    for (int i = 1; i <= spec.k(); i++) {
      names.add("knn.sim." + i);
    }
    names.add("knn.sim.mean");
    names.add("knn.sim.max");
    names.add("knn.found");
    for (double threshold : spec.thresholds()) {
      names.add("knn.at_least." + threshold);
    }
    for (String model : models) {
      for (String suffix : ModelEvidence.featureSuffixes()) {
        names.add("knn.model." + model + "." + suffix);
      }
    }
    return List.copyOf(names);
  }

  private static int size(KnnFeatureSpec spec, int modelCount) {
    return spec.k() + 3 + spec.thresholds().size() + ModelEvidence.FEATURE_COUNT * modelCount;
  }

  private static void requireUnique(List<String> models) {
    Set<String> seen = new HashSet<>();
    for (String model : models) {
      if (!seen.add(Objects.requireNonNull(model, "model name"))) {
        throw new IllegalArgumentException("model listed twice: " + model);
      }
    }
  }
}
