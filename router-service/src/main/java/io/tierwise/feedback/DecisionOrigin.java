package io.tierwise.feedback;

/** Which endpoint made a routing decision. */
public enum DecisionOrigin {
  /** {@code POST /v1/route}. */
  ROUTE,
  /** {@code POST /v1/route:batch}. */
  ROUTE_BATCH,
  /** The gateway's {@code tierwise/auto} model. */
  GATEWAY
}
