package io.tierwise.routing;

import io.tierwise.tier.Tier;
import java.util.List;

/**
 * Picks a tier for each prompt. Implementations never throw for a scoring failure: they fail safe
 * to the top tier and say so in {@link RoutingDecision#reasons()}.
 */
public interface Router extends AutoCloseable {

  /** Routes one prompt. */
  RoutingDecision route(RoutingRequest request);

  /**
   * Routes several prompts; implementations embed them in one batch. Results are in request order.
   */
  List<RoutingDecision> routeAll(List<RoutingRequest> requests);

  /** The tiers this router chooses among, cheapest first. */
  List<Tier> tiers();

  /** The version of the artifact this router was loaded from. */
  String version();

  @Override
  void close();
}
