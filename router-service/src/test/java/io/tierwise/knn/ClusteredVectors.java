package io.tierwise.knn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded synthetic unit vectors scattered around random cluster centres, like embeddings of prompts
 * from a handful of tasks, plus the exact (brute force) neighbours to check search against.
 */
final class ClusteredVectors {

  private final float[][] centres;
  private final double noise;
  private final SplittableRandom random;

  ClusteredVectors(long seed, int dimension, int clusters, double noise) {
    this.random = new SplittableRandom(seed);
    this.noise = noise;
    this.centres = new float[clusters][];
    for (int c = 0; c < clusters; c++) {
      centres[c] = gaussianUnit(dimension, random);
    }
  }

  /** The next vector: a random centre plus Gaussian noise, normalised. */
  float[] next() {
    float[] centre = centres[random.nextInt(centres.length)];
    float[] vector = new float[centre.length];
    double scale = noise / Math.sqrt(centre.length);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) (centre[i] + scale * random.nextGaussian());
    }
    return normalise(vector);
  }

  List<float[]> next(int count) {
    List<float[]> vectors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      vectors.add(next());
    }
    return vectors;
  }

  static float[] normalise(float[] vector) {
    double norm = 0;
    for (float value : vector) {
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) (vector[i] / norm);
    }
    return vector;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
    }
    return dot;
  }

  /** Indexes of the {@code k} vectors most similar to {@code query}, most similar first. */
  static int[] exactNearest(List<float[]> vectors, float[] query, int k) {
    double[] similarity = new double[vectors.size()];
    for (int i = 0; i < similarity.length; i++) {
      similarity[i] = cosine(vectors.get(i), query);
    }
    return IntStream.range(0, vectors.size())
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -similarity[i]))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static float[] gaussianUnit(int dimension, SplittableRandom random) {
    float[] vector = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    return normalise(vector);
  }
}
