package io.tierwise.eval;

import io.tierwise.policy.ScoredPrompts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything an evaluation run reports for one test split: the router's curve, the baselines
 * (single tiers, oracle, random mixtures, static per task, extra scorers) and the metrics of each.
 *
 * <p>Costs are mean USD per prompt throughout. Metrics are keyed by curve name: {@value #ROUTER},
 * {@value #ORACLE}, {@value #RANDOM}, {@value #STATIC_PER_TASK} (when present) and each extra
 * baseline's name.
 *
 * @param tierNames tier names, cheapest first
 * @param prompts number of test prompts
 * @param router the router's operating curve
 * @param singleTiers each tier alone, in tier order
 * @param oracle the hindsight router's point
 * @param random the random-mixture frontier's vertices
 * @param staticPerTask the task-label-only router's curve, if task labels were available
 * @param baselines extra scorers' curves (e.g. a TF-IDF classifier), by name, in insertion order
 * @param metrics per curve name, its metrics
 */
public record EvaluationReport(
    List<String> tierNames,
    int prompts,
    OperatingCurve router,
    List<SingleTierResult> singleTiers,
    CurvePoint oracle,
    List<CurvePoint> random,
    Optional<OperatingCurve> staticPerTask,
    Map<String, OperatingCurve> baselines,
    Map<String, RoutingMetrics> metrics) {

  /** Metrics key of the router's curve. */
  public static final String ROUTER = "router";

  /** Metrics key of the oracle. */
  public static final String ORACLE = "oracle";

  /** Metrics key of the random-mixture frontier. */
  public static final String RANDOM = "random";

  /** Metrics key of the static-per-task curve. */
  public static final String STATIC_PER_TASK = "staticPerTask";

  private static final Set<String> RESERVED = Set.of(ROUTER, ORACLE, RANDOM, STATIC_PER_TASK);

  public EvaluationReport {
    tierNames = List.copyOf(tierNames);
    if (prompts < 1) {
      throw new IllegalArgumentException("prompts must be at least 1, got: " + prompts);
    }
    Objects.requireNonNull(router, "router");
    singleTiers = List.copyOf(singleTiers);
    Objects.requireNonNull(oracle, "oracle");
    random = List.copyOf(random);
    Objects.requireNonNull(staticPerTask, "staticPerTask");
    baselines = Collections.unmodifiableMap(new LinkedHashMap<>(baselines));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    for (String name : baselines.keySet()) {
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException(
            "baseline name '" + name + "' is reserved; reserved names: " + RESERVED);
      }
    }
  }

  /**
   * Computes the single tiers, oracle and random baselines of {@code test} and the metrics of every
   * curve.
   *
   * <p>{@code EvaluationReport.create(test, OperatingCurve.sweep(family, test, 201),
   * Optional.of(perTask.curve(family, test, testTasks, 201)), Map.of("tfidf", tfidfCurve))}
   *
   * @param test the test split the curves were computed on
   * @param router the router's curve on {@code test}
   * @param staticPerTask the static-per-task curve on {@code test}, if any
   * @param baselines extra curves on {@code test}, by name; names must not be reserved ones
   */
  public static EvaluationReport create(
      ScoredPrompts test,
      OperatingCurve router,
      Optional<OperatingCurve> staticPerTask,
      Map<String, OperatingCurve> baselines) {
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(staticPerTask, "staticPerTask");
    Objects.requireNonNull(baselines, "baselines");
    List<SingleTierResult> singles = SingleTierResult.allOf(test);
    CurvePoint oracle = OracleBaseline.of(test);
    List<CurvePoint> random = RandomMixtureBaseline.of(singles);
    Map<String, RoutingMetrics> metrics = new LinkedHashMap<>();
    metrics.put(ROUTER, RoutingMetrics.of(router.points(), singles));
    staticPerTask.ifPresent(
        c -> metrics.put(STATIC_PER_TASK, RoutingMetrics.of(c.points(), singles)));
    metrics.put(RANDOM, RoutingMetrics.of(random, singles));
    metrics.put(ORACLE, RoutingMetrics.of(List.of(oracle), singles));
    for (Map.Entry<String, OperatingCurve> b : baselines.entrySet()) {
      if (RESERVED.contains(b.getKey())) {
        throw new IllegalArgumentException(
            "baseline name '" + b.getKey() + "' is reserved; reserved names: " + RESERVED);
      }
      metrics.put(b.getKey(), RoutingMetrics.of(b.getValue().points(), singles));
    }
    return new EvaluationReport(
        test.tierNames(),
        test.prompts(),
        router,
        singles,
        oracle,
        random,
        staticPerTask,
        baselines,
        metrics);
  }
}
