package io.tierwise.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.tierwise.config.TierwiseSettings;
import io.tierwise.routing.RoutingRequest;
import io.tierwise.routing.Target;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tenant defaults and their interplay with a request's own constraints, without a socket. */
class RouteRequestReaderTest {

  private static final TierwiseSettings SETTINGS =
      TierwiseSettings.parse(
          "test",
          """
          tenants:
            default: {target: {max-cost-per-1k: 1.5}, allowed-tiers: [small, medium]}
            research: {}
          """,
          Map.of());

  private final RouteRequestReader reader = new RouteRequestReader(SETTINGS);

  private RouteCall read(String json) throws Exception {
    JsonNode body = TestClient.JSON.readTree(json);
    return reader.read(body, "", LengthRouter.TIERS);
  }

  @Test
  void aRequestWithoutTenantGetsTheDefaultTenant() throws Exception {
    RouteCall call = read("{\"prompt\": \"hello\"}");

    assertEquals(Optional.of("default"), call.tenant());
    assertEquals(
        new RoutingRequest(
            "hello",
            Optional.of(new Target.CostBudget(1.5)),
            Set.of("small", "medium"),
            Optional.empty()),
        call.request());
  }

  @Test
  void aNamedTenantWithoutSettingsLeavesTheRouterDefaults() throws Exception {
    RouteCall call =
        read("{\"prompt\": \"hello\", \"tenant\": \"research\", \"workflow\": \"eval\"}");

    assertEquals(Optional.of("research"), call.tenant());
    assertEquals(Optional.of("eval"), call.workflow());
    assertEquals(RoutingRequest.of("hello"), call.request());
  }

  @Test
  void requestTiersNarrowTheTenantsTiers() throws Exception {
    RouteCall call = read("{\"prompt\": \"hello\", \"allowedTiers\": [\"medium\"]}");

    assertEquals(Set.of("medium"), call.request().allowedTiers());
  }

  @Test
  void batchElementsAreNamedInMessages() throws Exception {
    JsonNode body = TestClient.JSON.readTree("{\"prompt\": \"x\", \"maxTier\": 3}");

    ApiException e =
        assertThrows(
            ApiException.class, () -> reader.read(body, "requests[7].", LengthRouter.TIERS));

    assertEquals("requests[7].maxTier must be a string, got: a number", e.getMessage());
    assertEquals(400, e.status());
    assertEquals("invalid_request", e.code());
  }
}
