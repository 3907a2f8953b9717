package io.tierwise.classifier;

import java.util.SplittableRandom;

/**
 * Seeded randomness for tests: the seed is printed, and {@code -Dtests.seed=N} reproduces a run.
 */
final class TestRandom {

  private TestRandom() {}

  static SplittableRandom create(String test, long defaultSeed) {
    long seed = Long.getLong("tests.seed", defaultSeed);
    System.out.println(test + ": seed " + seed + " (rerun with -Dtests.seed=" + seed + ")");
    return new SplittableRandom(seed);
  }

  static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 21.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
