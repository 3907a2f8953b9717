package io.tierwise.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedSet;

/**
 * The order in which upstreams are tried for a request: the chosen tier's upstreams (in config
 * order), then those of the next {@code tiersUp} tiers above it, then the alternates configured on
 * the chosen tier's upstreams. Never repeats an upstream.
 */
public final class FallbackChain {

  private final List<String> tierOrder;
  private final Map<String, UpstreamSettings> byName = new LinkedHashMap<>();
  private final int tiersUp;

  /**
   * @param tierOrder tier names, cheapest first (the router's order)
   * @param upstreams every configured upstream
   * @param tiersUp how many tiers above the chosen one to try
   * @throws IllegalArgumentException when an upstream serves a tier not in {@code tierOrder}
   */
  public FallbackChain(List<String> tierOrder, List<UpstreamSettings> upstreams, int tiersUp) {
    this.tierOrder = List.copyOf(tierOrder);
    if (tiersUp < 0) {
      throw new IllegalArgumentException("tiersUp must be >= 0, got: " + tiersUp);
    }
    this.tiersUp = tiersUp;
    for (UpstreamSettings upstream : upstreams) {
      if (!this.tierOrder.contains(upstream.tier())) {
        throw new IllegalArgumentException(
            "upstream '"
                + upstream.name()
                + "' serves tier '"
                + upstream.tier()
                + "', which the router does not know; router tiers: "
                + this.tierOrder);
      }
      byName.put(upstream.name(), upstream);
    }
  }

  /** Candidates for a request routed (or addressed) to {@code tier}. */
  public List<UpstreamSettings> forTier(String tier) {
    Objects.requireNonNull(tier, "tier");
    int index = tierOrder.indexOf(tier);
    if (index < 0) {
      throw new IllegalArgumentException("unknown tier '" + tier + "'; known tiers: " + tierOrder);
    }
    SequencedSet<String> names = new LinkedHashSet<>();
    List<UpstreamSettings> own = upstreamsOf(tier);
    own.forEach(u -> names.add(u.name()));
    for (int up = 1; up <= tiersUp && index + up < tierOrder.size(); up++) {
      upstreamsOf(tierOrder.get(index + up)).forEach(u -> names.add(u.name()));
    }
    own.forEach(u -> names.addAll(u.alternates()));
    return names.stream().map(byName::get).toList();
  }

  /** Candidates for a request addressed to one upstream's model: that upstream first. */
  public List<UpstreamSettings> forUpstream(String upstreamName) {
    UpstreamSettings first = byName.get(upstreamName);
    if (first == null) {
      throw new IllegalArgumentException("unknown upstream: " + upstreamName);
    }
    List<UpstreamSettings> chain = new ArrayList<>();
    chain.add(first);
    forTier(first.tier()).stream().filter(u -> !u.name().equals(upstreamName)).forEach(chain::add);
    return List.copyOf(chain);
  }

  /** The tiers that have no upstream at all. */
  public List<String> tiersWithoutUpstream() {
    return tierOrder.stream().filter(t -> upstreamsOf(t).isEmpty()).toList();
  }

  private List<UpstreamSettings> upstreamsOf(String tier) {
    return byName.values().stream().filter(u -> u.tier().equals(tier)).toList();
  }
}
