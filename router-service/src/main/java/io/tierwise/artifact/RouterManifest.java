package io.tierwise.artifact;

import io.tierwise.knn.KnnFeatureSpec;
import io.tierwise.routing.Target;
import io.tierwise.tier.Tier;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a router artifact is: everything needed to load, audit and compare it, stored as {@code
 * manifest.json} beside the classifier, the kNN memory and the validation scores.
 *
 * @param formatVersion artifact layout version; loaders refuse versions they do not know
 * @param name artifact name, e.g. {@code default}
 * @param version unique version, {@code <name>-<UTC timestamp>-<data digest prefix>}
 * @param parentVersion the version this one was retrained from, or {@code null}
 * @param createdAt when training finished, ISO-8601 UTC
 * @param embedder the embedding model the memory and classifier were built with
 * @param tiers the tiers, cheapest first
 * @param knn how neighbour features are computed
 * @param costModel per-tier cost line, USD = intercept + slope * prompt chars
 * @param templates template prefixes stripped before embedding
 * @param defaultTarget the operating target used when a request names none
 * @param policy the default policy calibrated on the validation split
 * @param trainingData what the router was trained on
 * @param validation per-tier probability quality on the validation split
 * @param promotable whether the service may switch to this artifact
 * @param retraining how this artifact was retrained from its parent on served outcomes, or {@code
 *     null} for an artifact trained from scratch (every artifact written before retraining existed)
 * @param localConfidence the local tier's answer-confidence calibration and threshold shipped in
 *     {@link RouterArtifact#LOCAL_CONFIDENCE}, or {@code null} when the artifact has none
 */
public record RouterManifest(
    int formatVersion,
    String name,
    String version,
    String parentVersion,
    String createdAt,
    EmbedderInfo embedder,
    List<Tier> tiers,
    KnnFeatureSpec knn,
    CostLine costModel,
    List<TemplatePrefix> templates,
    TargetSpec defaultTarget,
    PolicyInfo policy,
    TrainingDataInfo trainingData,
    Map<String, TierValidation> validation,
    boolean promotable,
    Retraining retraining,
    LocalConfidenceInfo localConfidence) {

  /** The layout this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public RouterManifest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(embedder, "embedder");
    tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    Objects.requireNonNull(knn, "knn");
    Objects.requireNonNull(costModel, "costModel");
    templates = List.copyOf(Objects.requireNonNull(templates, "templates"));
    Objects.requireNonNull(defaultTarget, "defaultTarget");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(trainingData, "trainingData");
    validation = Map.copyOf(Objects.requireNonNull(validation, "validation"));
  }

  /** A manifest of an artifact trained from scratch: no retraining record, no local calibration. */
  public RouterManifest(
      int formatVersion,
      String name,
      String version,
      String parentVersion,
      String createdAt,
      EmbedderInfo embedder,
      List<Tier> tiers,
      KnnFeatureSpec knn,
      CostLine costModel,
      List<TemplatePrefix> templates,
      TargetSpec defaultTarget,
      PolicyInfo policy,
      TrainingDataInfo trainingData,
      Map<String, TierValidation> validation,
      boolean promotable) {
    this(
        formatVersion,
        name,
        version,
        parentVersion,
        createdAt,
        embedder,
        tiers,
        knn,
        costModel,
        templates,
        defaultTarget,
        policy,
        trainingData,
        validation,
        promotable,
        null,
        null);
  }

  /**
   * @param modelId e.g. {@code all-minilm-l6-v2-q} or a model directory path
   */
  public record EmbedderInfo(String modelId, int dimension) {}

  public record CostLine(double[] intercepts, double[] slopes) {}

  public record TemplatePrefix(int chars, String sha256) {}

  /** A {@link Target} in JSON: exactly one of the two fields is set. */
  public record TargetSpec(Double quality, Double maxCostPer1k) {
    public TargetSpec {
      if ((quality == null) == (maxCostPer1k == null)) {
        throw new IllegalArgumentException("a target sets exactly one of quality and maxCostPer1k");
      }
    }

    public static TargetSpec of(Target target) {
      return switch (target) {
        case Target.Quality q -> new TargetSpec(q.fractionOfTopTier(), null);
        case Target.CostBudget b -> new TargetSpec(null, b.maxUsdPer1k());
      };
    }

    public Target toTarget() {
      return quality != null ? new Target.Quality(quality) : new Target.CostBudget(maxCostPer1k);
    }
  }

  /**
   * @param family policy family, {@code utility}
   * @param parameters the policy's parameters as shown in decisions
   * @param validationCostPer1k mean USD per 1,000 validation prompts at this operating point
   * @param validationQuality mean validation quality at this operating point
   * @param reachable whether the default target was met on validation
   * @param explanation how the operating point was chosen
   */
  public record PolicyInfo(
      String family,
      Map<String, Double> parameters,
      double validationCostPer1k,
      double validationQuality,
      boolean reachable,
      String explanation) {}

  /**
   * @param sources datasets used, e.g. {@code mmlu}
   * @param prompts labelled prompts used
   * @param validationPrompts of which held out to calibrate the operating point
   * @param sha256 digest of the training data (see {@code LabelledDataset#sha256})
   */
  public record TrainingDataInfo(
      List<String> sources, int prompts, int validationPrompts, String sha256) {}

  /** Held-out quality of one tier's probabilities. */
  public record TierValidation(
      int labelled, double brier, double auc, double expectedCalibrationError) {}

  /**
   * How a retrained artifact came about and why it is (or is not) promotable. Old artifacts have no
   * such record, so every field a reader needs is here rather than spread over the manifest.
   *
   * @param baseDataSha256 digest of the base training data passed to retraining, or {@code null}
   *     when it retrained on outcomes alone
   * @param basePrompts base training prompts used
   * @param outcomesSha256 digest of the whole outcome snapshot (training and held-out parts)
   * @param outcomePrompts labelled outcomes in the snapshot
   * @param appendedToMemory outcomes added to the kNN memory (the training part)
   * @param heldOut the most recent outcomes held back to compare candidate and parent
   * @param holdout how the held-back slice was chosen, e.g. {@code recent=200}
   * @param target the operating target both routers were compared at
   * @param before the parent router on the held-back slice
   * @param after this (candidate) router on the held-back slice
   * @param rule the promotion rule, in words, with its numbers
   * @param verdict why the artifact is or is not promotable
   */
  public record Retraining(
      String baseDataSha256,
      int basePrompts,
      String outcomesSha256,
      int outcomePrompts,
      int appendedToMemory,
      int heldOut,
      String holdout,
      TargetSpec target,
      HoldoutMetrics before,
      HoldoutMetrics after,
      String rule,
      String verdict) {
    public Retraining {
      Objects.requireNonNull(outcomesSha256, "outcomesSha256");
      Objects.requireNonNull(holdout, "holdout");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(verdict, "verdict");
    }
  }

  /**
   * One router's decisions on the held-back slice.
   *
   * @param prompts held-back prompts decided
   * @param quality mean quality of the chosen tiers' answers (observed, else imputed)
   * @param costUsdPer1k mean cost of the chosen tiers, USD per 1,000 prompts
   * @param utility mean of {@code quality - lambda * costUsd} at the comparison's lambda
   * @param observedShare share of decisions whose chosen tier had an observed label (the rest were
   *     imputed)
   * @param tierShares per tier name, the share of prompts routed there
   */
  public record HoldoutMetrics(
      int prompts,
      double quality,
      double costUsdPer1k,
      double utility,
      double observedShare,
      Map<String, Double> tierShares) {
    public HoldoutMetrics {
      tierShares = Map.copyOf(Objects.requireNonNull(tierShares, "tierShares"));
    }
  }

  /**
   * The local tier's confidence threshold, recalibrated on local answers whose quality was judged.
   *
   * @param tier the local tier's name
   * @param examples judged local answers the calibration was fitted on
   * @param targetPrecision the wanted share of good answers among those kept local
   * @param minProbability keep a local answer when its calibrated P(good) reaches this
   * @param precision the precision reached on the examples at {@code minProbability}
   * @param coverage the share of examples kept local at {@code minProbability}
   */
  public record LocalConfidenceInfo(
      String tier,
      int examples,
      double targetPrecision,
      double minProbability,
      double precision,
      double coverage) {
    public LocalConfidenceInfo {
      Objects.requireNonNull(tier, "tier");
    }
  }
}
