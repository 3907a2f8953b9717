package io.tierwise.features;

import io.tierwise.knn.KnnFeatureSpec;
import io.tierwise.knn.KnnFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The classifier's input for one prompt: the embedding, then the kNN memory's neighbour features,
 * then the prompt's surface features. One layout for training and serving, so a model can never be
 * fed columns in another order.
 */
public final class DecisionFeatures {

  private DecisionFeatures() {}

  /** Concatenates the three feature groups in layout order. */
  public static double[] of(float[] embedding, KnnFeatures knn, String prompt) {
    Objects.requireNonNull(embedding, "embedding");
    Objects.requireNonNull(knn, "knn");
    double[] neighbour = knn.toArray();
    double[] text = PromptTextFeatures.extract(prompt);
    double[] features = new double[embedding.length + neighbour.length + text.length];
    for (int i = 0; i < embedding.length; i++) {
      features[i] = embedding[i];
    }
    System.arraycopy(neighbour, 0, features, embedding.length, neighbour.length);
    System.arraycopy(text, 0, features, embedding.length + neighbour.length, text.length);
    return features;
  }

  /**
   * Names of {@link #of}'s entries for an embedder of {@code dimension} and kNN features over
   * {@code models}.
   */
  public static List<String> names(int dimension, KnnFeatureSpec spec, List<String> models) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < dimension; i++) {
      names.add("emb." + i);
    }
    names.addAll(KnnFeatures.names(spec, models));
    names.addAll(PromptTextFeatures.NAMES);
    return List.copyOf(names);
  }
}
