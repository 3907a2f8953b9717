package io.tierwise.routing;

import io.tierwise.artifact.RouterArtifact;
import io.tierwise.artifact.RouterArtifactException;
import io.tierwise.artifact.RouterManifest;
import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.OnnxTextEmbedder;
import io.tierwise.embedder.TextEmbedder;
import io.tierwise.knn.MemoryNeighbour;
import io.tierwise.policy.CalibratedPolicy;
import io.tierwise.policy.PolicyFamily;
import io.tierwise.policy.ScoredPrompts;
import io.tierwise.policy.TargetCalibration;
import io.tierwise.scoring.TierScorer;
import io.tierwise.scoring.TierScores;
import io.tierwise.tier.Tier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trained router: embeds a prompt (without known template prefixes), reads its neighbours from
 * the kNN memory, predicts every tier's chance of a good answer, and lets the calibrated policy
 * pick the tier. Each operating target is calibrated once on the artifact's validation scores and
 * cached.
 *
 * <p>Fail-safe: if embedding or scoring throws, the decision routes to the most capable allowed
 * tier and says so.
 *
 * <pre>{@code
 * try (LearnedRouter router = LearnedRouter.open(Path.of("models/default"))) {
 *   RoutingDecision decision = router.route(RoutingRequest.of("What is 2 + 2?"));
 * }
 * }</pre>
 */
public final class LearnedRouter implements Router {

  /** Neighbours listed in a decision; the features use more. */
  public static final int DECISION_NEIGHBOURS = 5;

  private final RouterArtifact artifact;
  private final TextEmbedder embedder;
  private final boolean ownsEmbedder;
  private final List<Tier> tiers;
  private final List<String> tierNames;
  private final ScoredPrompts validation;
  private final TargetCalibration calibration = TargetCalibration.of(new PolicyFamily.Utility());
  private final Target defaultTarget;
  private final Map<Target, CalibratedPolicy> policies = new ConcurrentHashMap<>();

  private LearnedRouter(RouterArtifact artifact, TextEmbedder embedder, boolean ownsEmbedder) {
    this.artifact = artifact;
    this.embedder = embedder;
    this.ownsEmbedder = ownsEmbedder;
    this.tiers = artifact.manifest().tiers();
    this.tierNames = tiers.stream().map(Tier::name).toList();
    this.validation = artifact.validation().toScored();
    this.defaultTarget = artifact.manifest().defaultTarget().toTarget();
    policy(defaultTarget);
  }

  /**
   * Loads the artifact in {@code directory} with the embedding model its manifest names; the router
   * owns both.
   */
  public static LearnedRouter open(Path directory) {
    RouterManifest manifest = RouterArtifact.readManifest(directory);
    OnnxTextEmbedder embedder =
        OnnxTextEmbedder.open(EmbedderSettings.of(manifest.embedder().modelId()));
    try {
      return load(directory, embedder, true);
    } catch (RuntimeException e) {
      embedder.close();
      throw e;
    }
  }

  /**
   * Loads the artifact in {@code directory} with a caller-provided embedder, which must be the
   * model the artifact was trained with.
   *
   * @param ownsEmbedder whether {@link #close()} closes the embedder too
   */
  public static LearnedRouter load(Path directory, TextEmbedder embedder, boolean ownsEmbedder) {
    Objects.requireNonNull(embedder, "embedder");
    RouterArtifact artifact = RouterArtifact.load(directory);
    RouterManifest.EmbedderInfo expected = artifact.manifest().embedder();
    if (!expected.modelId().equals(embedder.modelId())
        || expected.dimension() != embedder.dimension()) {
      artifact.close();
      throw new RouterArtifactException(
          directory
              + " was trained with embedder "
              + expected.modelId()
              + " ("
              + expected.dimension()
              + "d), not "
              + embedder.modelId()
              + " ("
              + embedder.dimension()
              + "d)");
    }
    try {
      return new LearnedRouter(artifact, embedder, ownsEmbedder);
    } catch (RuntimeException e) {
      artifact.close();
      throw e;
    }
  }

  public RouterManifest manifest() {
    return artifact.manifest();
  }

  @Override
  public List<Tier> tiers() {
    return tiers;
  }

  @Override
  public String version() {
    return artifact.manifest().version();
  }

  @Override
  public RoutingDecision route(RoutingRequest request) {
    Objects.requireNonNull(request, "request");
    boolean[] allowed = allowedTiers(request);
    TierScores scores;
    try {
      TierScorer scorer = artifact.scorer();
      scores =
          scorer.score(request.prompt(), embedder.embed(scorer.embeddingText(request.prompt())));
    } catch (RuntimeException e) {
      return failSafe(allowed, e);
    }
    return decide(request, allowed, scores);
  }

  @Override
  public List<RoutingDecision> routeAll(List<RoutingRequest> requests) {
    Objects.requireNonNull(requests, "requests");
    List<boolean[]> allowed = requests.stream().map(this::allowedTiers).toList();
    List<RoutingDecision> decisions = new ArrayList<>(requests.size());
    List<float[]> vectors;
    TierScorer scorer = artifact.scorer();
    try {
      vectors =
          embedder.embedAll(requests.stream().map(r -> scorer.embeddingText(r.prompt())).toList());
    } catch (RuntimeException e) {
      for (boolean[] mask : allowed) {
        decisions.add(failSafe(mask, e));
      }
      return decisions;
    }
    for (int i = 0; i < requests.size(); i++) {
      RoutingRequest request = requests.get(i);
      TierScores scores;
      try {
        scores = scorer.score(request.prompt(), vectors.get(i));
      } catch (RuntimeException e) {
        decisions.add(failSafe(allowed.get(i), e));
        continue;
      }
      decisions.add(decide(request, allowed.get(i), scores));
    }
    return decisions;
  }

  private RoutingDecision decide(RoutingRequest request, boolean[] allowed, TierScores scores) {
    Target target = request.target().orElse(defaultTarget);
    CalibratedPolicy calibrated = policy(target);
    double[] p = scores.probability();
    double[] cost = scores.estimatedCostUsd();
    int chosen = calibrated.policy().choose(p, cost, allowed);
    Tier tier = tiers.get(chosen);
    List<String> reasons = new ArrayList<>();
    reasons.add(
        String.format(
            Locale.ROOT,
            "chose '%s': best expected quality minus weighted cost among allowed tiers (p=%.3f, est. $%.6f)",
            tier.name(),
            p[chosen],
            cost[chosen]));
    reasons.add(describeTarget(target, calibrated));
    List<String> excluded = new ArrayList<>();
    for (int t = 0; t < allowed.length; t++) {
      if (!allowed[t]) {
        excluded.add(tierNames.get(t));
      }
    }
    if (!excluded.isEmpty()) {
      reasons.add("not allowed for this request: " + excluded);
    }
    List<MemoryNeighbour> neighbours = scores.neighbours();
    if (neighbours.isEmpty()) {
      reasons.add("no labelled neighbours in memory: prediction rests on the embedding alone");
    } else {
      long close = neighbours.stream().filter(n -> n.similarity() >= 0.8).count();
      reasons.add(
          String.format(
              Locale.ROOT,
              "nearest labelled prompt at similarity %.3f; %d of %d neighbours at >= 0.8",
              neighbours.getFirst().similarity(),
              close,
              neighbours.size()));
    }
    return new RoutingDecision(
        UUID.randomUUID().toString(),
        tier.name(),
        tier.model(),
        byTier(p),
        byTier(cost),
        calibrated.policy().describe(tierNames),
        neighbours.stream().limit(DECISION_NEIGHBOURS).map(MemoryNeighbour::toNeighbour).toList(),
        reasons,
        version(),
        false);
  }

  private static String describeTarget(Target target, CalibratedPolicy calibrated) {
    String asked =
        switch (target) {
          case Target.Quality q ->
              String.format(
                  Locale.ROOT,
                  "target quality >= %.1f%% of the top tier",
                  100 * q.fractionOfTopTier());
          case Target.CostBudget b ->
              String.format(
                  Locale.ROOT, "target cost <= $%.4f per 1,000 requests", b.maxUsdPer1k());
        };
    return asked
        + String.format(
            Locale.ROOT,
            ": on validation this operating point gave quality %.3f at $%.4f per 1,000%s",
            calibrated.validationQuality(),
            calibrated.validationCostUsdPer1k(),
            calibrated.reachable()
                ? ""
                : " (target not reachable; " + calibrated.explanation() + ")");
  }

  private RoutingDecision failSafe(boolean[] allowed, RuntimeException error) {
    int safest = allowed.length - 1;
    while (safest > 0 && !allowed[safest]) {
      safest--;
    }
    Tier tier = tiers.get(safest);
    return new RoutingDecision(
        UUID.randomUUID().toString(),
        tier.name(),
        tier.model(),
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        List.of(
            "fail-safe: scoring failed ("
                + error.getClass().getSimpleName()
                + ": "
                + error.getMessage()
                + "); routed to the most capable allowed tier '"
                + tier.name()
                + "'"),
        version(),
        true);
  }

  private CalibratedPolicy policy(Target target) {
    return policies.computeIfAbsent(target, t -> calibration.calibrate(validation, t));
  }

  /** The tiers a request may use, by index; throws for tier names this router does not know. */
  private boolean[] allowedTiers(RoutingRequest request) {
    boolean[] allowed = new boolean[tiers.size()];
    int cap = tiers.size() - 1;
    if (request.maxTier().isPresent()) {
      cap = indexOf(request.maxTier().get(), "maxTier");
    }
    for (String name : request.allowedTiers()) {
      indexOf(name, "allowedTiers");
    }
    boolean any = false;
    for (int t = 0; t <= cap; t++) {
      allowed[t] =
          request.allowedTiers().isEmpty() || request.allowedTiers().contains(tierNames.get(t));
      any |= allowed[t];
    }
    if (!any) {
      throw new IllegalArgumentException(
          "no tier is allowed: allowedTiers "
              + request.allowedTiers()
              + " and maxTier "
              + request.maxTier().orElse("(none)")
              + " exclude every tier of "
              + tierNames);
    }
    return allowed;
  }

  private int indexOf(String name, String field) {
    int index = tierNames.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(
          field + ": unknown tier '" + name + "'; known tiers: " + tierNames);
    }
    return index;
  }

  private Map<String, Double> byTier(double[] values) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int t = 0; t < values.length; t++) {
      map.put(tierNames.get(t), values[t]);
    }
    return map;
  }

  @Override
  public void close() {
    try {
      artifact.close();
    } finally {
      if (ownsEmbedder) {
        embedder.close();
      }
    }
  }
}
