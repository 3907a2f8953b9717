package io.tierwise.http;

import io.tierwise.routing.Neighbour;
import io.tierwise.routing.Router;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.routing.Target;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic test {@link Router}: short prompts go to {@code small}, medium ones to {@code
 * medium}, long ones to {@code large}, within the request's allowed tiers and max tier. A quality
 * target of 0.99 or more forces {@code large}; reasons echo the target so tests can see it arrived.
 * Records every batch it receives.
 */
final class LengthRouter implements Router {

  static final int MEDIUM_FROM_CHARS = 50;
  static final int LARGE_FROM_CHARS = 200;

  static final List<Tier> TIERS =
      List.of(
          new Tier("small", "small-model", 0.2, 0.2, TierKind.REMOTE),
          new Tier("medium", "medium-model", 0.6, 0.6, TierKind.REMOTE),
          new Tier("large", "large-model", 10, 30, TierKind.REMOTE));

  private final AtomicLong ids = new AtomicLong();
  private final List<List<RoutingRequest>> batches = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final boolean recordBatches;

  /** A router that records every batch, for assertions. */
  LengthRouter() {
    this(true);
  }

  /**
   * @param recordBatches false for long runs (load tests), where recording would grow without bound
   */
  LengthRouter(boolean recordBatches) {
    this.recordBatches = recordBatches;
  }

  @Override
  public RoutingDecision route(RoutingRequest request) {
    return routeAll(List.of(request)).get(0);
  }

  @Override
  public List<RoutingDecision> routeAll(List<RoutingRequest> requests) {
    if (closed.get()) {
      throw new IllegalStateException("router is closed");
    }
    if (recordBatches) {
      synchronized (batches) {
        batches.add(List.copyOf(requests));
      }
    }
    return requests.stream().map(this::decide).toList();
  }

  /** Every batch received so far, in order. */
  List<List<RoutingRequest>> batches() {
    synchronized (batches) {
      return List.copyOf(batches);
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  @Override
  public List<Tier> tiers() {
    return TIERS;
  }

  @Override
  public String version() {
    return "length-router-1";
  }

  @Override
  public void close() {
    closed.set(true);
  }

  private RoutingDecision decide(RoutingRequest request) {
    int length = request.prompt().length();
    List<String> reasons = new ArrayList<>();
    int preferred = length < MEDIUM_FROM_CHARS ? 0 : length < LARGE_FROM_CHARS ? 1 : 2;
    reasons.add("prompt has " + length + " characters");
    if (request.target().orElse(null) instanceof Target.Quality quality) {
      reasons.add("target quality " + quality.fractionOfTopTier());
      if (quality.fractionOfTopTier() >= 0.99) {
        preferred = 2;
      }
    }
    if (request.target().orElse(null) instanceof Target.CostBudget budget) {
      reasons.add("target budget " + budget.maxUsdPer1k());
    }
    int cap = request.maxTier().map(this::indexOf).orElse(TIERS.size() - 1);
    int chosen = -1;
    for (int i = Math.min(preferred, cap); i <= cap && chosen < 0; i++) {
      if (allowed(request, i)) {
        chosen = i;
      }
    }
    for (int i = Math.min(preferred, cap); i >= 0 && chosen < 0; i--) {
      if (allowed(request, i)) {
        chosen = i;
      }
    }
    Tier tier = TIERS.get(chosen);
    Map<String, Double> probabilities = new LinkedHashMap<>();
    Map<String, Double> costs = new LinkedHashMap<>();
    for (int i = 0; i < TIERS.size(); i++) {
      probabilities.put(TIERS.get(i).name(), i == preferred ? 0.9 : 0.5);
      costs.put(TIERS.get(i).name(), TIERS.get(i).priceUsd(length / 4, 256));
    }
    return new RoutingDecision(
        "d-" + ids.incrementAndGet(),
        tier.name(),
        tier.model(),
        probabilities,
        costs,
        Map.of("medium", (double) MEDIUM_FROM_CHARS, "large", (double) LARGE_FROM_CHARS),
        List.of(new Neighbour("arc-17", 0.93), new Neighbour("mmlu-4", 0.71)),
        reasons,
        version(),
        false);
  }

  private boolean allowed(RoutingRequest request, int index) {
    return request.allowedTiers().isEmpty()
        || request.allowedTiers().contains(TIERS.get(index).name());
  }

  private int indexOf(String name) {
    for (int i = 0; i < TIERS.size(); i++) {
      if (TIERS.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown tier: " + name);
  }
}
