/**
 * Per-tier success classifiers: L2-regularised logistic regression over shared features,
 * probability calibration (Platt, isotonic), probability metrics, a compact versioned model file,
 * and a TF-IDF logistic-regression baseline scorer.
 *
 * <p>The entry points are {@link io.tierwise.classifier.TierSuccessModel} (train, predict, save,
 * load) and {@link io.tierwise.classifier.TfidfTierScorer} (the text-only baseline).
 */
package io.tierwise.classifier;
