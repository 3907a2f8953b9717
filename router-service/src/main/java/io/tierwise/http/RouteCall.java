package io.tierwise.http;

import io.tierwise.routing.RoutingRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code POST /v1/route} request: what the router gets, plus who asked.
 *
 * @param request the prompt and constraints, with the tenant's defaults applied
 * @param tenant the tenant the request was made for, if any
 * @param workflow the caller's workflow label, if any (for logs)
 */
public record RouteCall(
    RoutingRequest request, Optional<String> tenant, Optional<String> workflow) {
  public RouteCall {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(workflow, "workflow");
  }
}
