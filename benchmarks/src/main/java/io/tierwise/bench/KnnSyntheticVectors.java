package io.tierwise.bench;

import io.tierwise.data.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic, seeded stand-ins for prompt embeddings: unit vectors scattered around random cluster
 * centres ("tasks"), each with synthetic per-model outcomes whose success rate depends on its
 * cluster's difficulty. They are not real embeddings; they only give HNSW a clustered distribution
 * of the same dimension, and the features something to average.
 *
 * <p>A vector is {@code normalise(centre + noise / sqrt(d) · N(0, I))}: with noise 1 it has cosine
 * about 0.7 with its centre and about 0.5 with other members of its cluster, and about 0 with other
 * clusters. The same seeds always give the same sequence, so an index can be rebuilt, or its exact
 * neighbours recomputed, without storing the vectors.
 */
final class KnnSyntheticVectors {

  static final int DIMENSION = 384;
  static final int CLUSTERS = 1_000;
  static final double NOISE = 1.0;
  static final long CENTRE_SEED = 0x5EED_CE17L;
  static final long CORPUS_SEED = 0x5EED_C0DEL;
  static final long QUERY_SEED = 0x5EED_0E5EL;

  /** Model names of the synthetic outcomes, weakest first. */
  static final List<String> MODELS = List.of("tiny", "small", "medium", "large");

  private static final double[] SKILL = {-1.0, 0.0, 1.0, 2.5};

  /** One synthetic prompt: its embedding and the cluster it was drawn from. */
  record Sample(float[] vector, int cluster) {}

  private final float[][] centres;
  private final double[] difficulty;
  private final SplittableRandom random;
  // Separate from the vector stream so the vectors do not depend on whether outcomes are drawn.
  private final SplittableRandom labelRandom;

  private KnnSyntheticVectors(long sampleSeed) {
    SplittableRandom centreRandom = new SplittableRandom(CENTRE_SEED);
    centres = new float[CLUSTERS][];
    difficulty = new double[CLUSTERS];
    for (int c = 0; c < CLUSTERS; c++) {
      float[] centre = new float[DIMENSION];
      for (int i = 0; i < DIMENSION; i++) {
        centre[i] = (float) centreRandom.nextGaussian();
      }
      centres[c] = normalise(centre);
      difficulty[c] = centreRandom.nextDouble(-2.0, 3.0);
    }
    random = new SplittableRandom(sampleSeed);
    labelRandom = new SplittableRandom(~sampleSeed);
  }

  /** The stream of prompts an index of any size is built from (its first n samples). */
  static KnnSyntheticVectors corpus() {
    return new KnnSyntheticVectors(CORPUS_SEED);
  }

  /** Held-out queries from the same clusters, never in the corpus. */
  static KnnSyntheticVectors queries() {
    return new KnnSyntheticVectors(QUERY_SEED);
  }

  Sample next() {
    int cluster = random.nextInt(CLUSTERS);
    float[] centre = centres[cluster];
    float[] vector = new float[DIMENSION];
    double scale = NOISE / Math.sqrt(DIMENSION);
    for (int i = 0; i < DIMENSION; i++) {
      vector[i] = (float) (centre[i] + scale * random.nextGaussian());
    }
    return new Sample(normalise(vector), cluster);
  }

  float[][] nextVectors(int count) {
    float[][] vectors = new float[count][];
    for (int i = 0; i < count; i++) {
      vectors[i] = next().vector();
    }
    return vectors;
  }

  /**
   * Synthetic outcomes for a prompt of {@code cluster}: model {@code m} succeeds with probability
   * {@code sigmoid(skill_m - difficulty_cluster)}; about one label in ten is missing.
   */
  Map<String, Outcome> outcomes(int cluster) {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (int m = 0; m < MODELS.size(); m++) {
      if (labelRandom.nextInt(10) == 0) {
        continue;
      }
      double success = 1.0 / (1.0 + Math.exp(difficulty[cluster] - SKILL[m]));
      outcomes.put(
          MODELS.get(m), Outcome.ofQuality(labelRandom.nextDouble() < success ? 1.0 : 0.0));
    }
    return outcomes;
  }

  private static float[] normalise(float[] vector) {
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
}
