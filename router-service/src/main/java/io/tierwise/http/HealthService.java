package io.tierwise.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tierwise.tier.Tier;
import java.util.List;
import java.util.Objects;

/**
 * Health probes: {@code GET /health} answers 200 while the process serves HTTP (liveness); {@code
 * GET /health/ready} answers 200 only once the router and its embedder are loaded, 503 otherwise,
 * so load balancers hold traffic back during the seconds a router takes to load.
 */
public final class HealthService implements HttpService {

  private final RouterSupplier routers;
  private final JsonCodec json;

  public HealthService(RouterSupplier routers, JsonCodec json) {
    this.routers = Objects.requireNonNull(routers, "routers");
    this.json = Objects.requireNonNull(json, "json");
  }

  /** Body of {@code GET /health}. */
  public record Liveness(String status) {}

  /**
   * Body of {@code GET /health/ready}.
   *
   * @param status {@code ready}, {@code loading}, {@code failed} or {@code closed}
   * @param routerVersion the loaded router's version, when ready
   * @param tiers the router's tiers, cheapest first, when ready
   * @param reason why loading failed, when failed
   */
  public record Readiness(String status, String routerVersion, List<String> tiers, String reason) {}

  @Override
  public void routing(HttpRules rules) {
    rules.get("/health", this::live).get("/health/ready", this::ready);
  }

  private void live(ServerRequest request, ServerResponse response) {
    json.send(response, new Liveness("up"));
  }

  private void ready(ServerRequest request, ServerResponse response) {
    Readiness readiness =
        switch (routers.state()) {
          case RouterState.Ready ready ->
              new Readiness(
                  "ready",
                  ready.router().version(),
                  ready.router().tiers().stream().map(Tier::name).toList(),
                  null);
          case RouterState.Loading loading -> new Readiness("loading", null, null, null);
          case RouterState.Failed failed -> new Readiness("failed", null, null, failed.reason());
          case RouterState.Closed closed -> new Readiness("closed", null, null, null);
        };
    response.status(readiness.status().equals("ready") ? 200 : 503);
    json.send(response, readiness);
  }
}
