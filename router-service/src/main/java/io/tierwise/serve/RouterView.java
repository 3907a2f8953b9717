package io.tierwise.serve;

import io.tierwise.http.RouterSupplier;
import io.tierwise.routing.Router;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.tier.Tier;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Router} that asks its {@link RouterSupplier} for the current router on every call, so a
 * component built before the router finished loading (the gateway) routes with whatever is loaded
 * now. The tiers come from the artifact's manifest, known before loading completes.
 *
 * <p>While no router is loaded, calls throw the supplier's HTTP 503 {@code ApiException}.
 */
final class RouterView implements Router {

  private final RouterSupplier routers;
  private final List<Tier> tiers;
  private final String expectedVersion;

  RouterView(RouterSupplier routers, List<Tier> tiers, String expectedVersion) {
    this.routers = Objects.requireNonNull(routers, "routers");
    this.tiers = List.copyOf(tiers);
    this.expectedVersion = Objects.requireNonNull(expectedVersion, "expectedVersion");
  }

  @Override
  public RoutingDecision route(RoutingRequest request) {
    return routers.require().route(request);
  }

  @Override
  public List<RoutingDecision> routeAll(List<RoutingRequest> requests) {
    return routers.require().routeAll(requests);
  }

  @Override
  public List<Tier> tiers() {
    return tiers;
  }

  @Override
  public String version() {
    return routers.current().map(Router::version).orElse(expectedVersion);
  }

  /** The supplier owns the router; closing a view closes nothing. */
  @Override
  public void close() {}
}
