package io.tierwise.gateway;

import io.tierwise.routing.Router;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.tier.Tier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A router that always picks one tier and records the prompts it was asked about. */
final class FixedRouter implements Router {

  private final List<Tier> tiers;
  private volatile String tier;
  private final List<String> prompts = new CopyOnWriteArrayList<>();
  private final AtomicInteger decisions = new AtomicInteger();

  FixedRouter(List<Tier> tiers, String tier) {
    this.tiers = List.copyOf(tiers);
    this.tier = tier;
  }

  void choose(String tierName) {
    this.tier = tierName;
  }

  List<String> prompts() {
    return List.copyOf(prompts);
  }

  @Override
  public RoutingDecision route(RoutingRequest request) {
    prompts.add(request.prompt());
    Tier chosen = tiers.stream().filter(t -> t.name().equals(tier)).findFirst().orElseThrow();
    return new RoutingDecision(
        "decision-" + decisions.incrementAndGet(),
        chosen.name(),
        chosen.model(),
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        List.of("fixed test router"),
        "test",
        false);
  }

  @Override
  public List<RoutingDecision> routeAll(List<RoutingRequest> requests) {
    return requests.stream().map(this::route).toList();
  }

  @Override
  public List<Tier> tiers() {
    return tiers;
  }

  @Override
  public String version() {
    return "test";
  }

  @Override
  public void close() {}
}
