package io.tierwise.reload;

import io.tierwise.routing.Neighbour;
import io.tierwise.routing.Router;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.tier.Tier;
import io.tierwise.tier.TierKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test {@link Router} with a given version: prompts under 50 characters go to {@code small}, the
 * rest to {@code large}. Routing after close throws, so a test sees any request that ran on a
 * closed router; {@link #inFlight()} counts calls inside {@code routeAll}.
 */
public final class VersionedRouter implements Router {

  public static final List<Tier> TIERS =
      List.of(
          new Tier("small", "small-model", 0.2, 0.2, TierKind.REMOTE),
          new Tier("medium", "medium-model", 0.6, 0.6, TierKind.REMOTE),
          new Tier("large", "large-model", 10, 30, TierKind.REMOTE));

  private final String version;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final long delayNanos;

  public VersionedRouter(String version) {
    this(version, 0);
  }

  /**
   * @param delayNanos time each {@code routeAll} spins, so calls overlap with reloads in tests
   */
  public VersionedRouter(String version, long delayNanos) {
    this.version = version;
    this.delayNanos = delayNanos;
  }

  @Override
  public RoutingDecision route(RoutingRequest request) {
    return routeAll(List.of(request)).get(0);
  }

  @Override
  public List<RoutingDecision> routeAll(List<RoutingRequest> requests) {
    inFlight.incrementAndGet();
    try {
      if (closed.get()) {
        throw new IllegalStateException("router " + version + " is closed");
      }
      long end = System.nanoTime() + delayNanos;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      if (closed.get()) {
        throw new IllegalStateException("router " + version + " was closed while routing");
      }
      return requests.stream().map(this::decide).toList();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  public boolean isClosed() {
    return closed.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public List<Tier> tiers() {
    return TIERS;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  private RoutingDecision decide(RoutingRequest request) {
    Tier tier = request.prompt().length() < 50 ? TIERS.get(0) : TIERS.get(2);
    Map<String, Double> probabilities = new LinkedHashMap<>();
    Map<String, Double> costs = new LinkedHashMap<>();
    for (Tier t : TIERS) {
      probabilities.put(t.name(), t == tier ? 0.9 : 0.5);
      costs.put(t.name(), t.priceUsd(request.prompt().length() / 4, 100));
    }
    return new RoutingDecision(
        "d-" + UUID.randomUUID(),
        tier.name(),
        tier.model(),
        probabilities,
        costs,
        Map.of(),
        List.<Neighbour>of(),
        List.of("prompt has " + request.prompt().length() + " characters"),
        version,
        false);
  }
}
