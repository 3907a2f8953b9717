package io.tierwise.gateway;

/** How a gateway request ended. */
public enum RequestOutcome {
  /** The upstream's answer reached the client in full. */
  COMPLETED,
  /** An upstream refused the request (4xx other than 429); its error was passed to the client. */
  REJECTED_BY_UPSTREAM,
  /** Every candidate failed or was skipped; the client got a 503. */
  ALL_UPSTREAMS_FAILED,
  /** An upstream answered 2xx with a body that is not a chat completion; the client got a 502. */
  INVALID_UPSTREAM_RESPONSE,
  /** A stream broke after its first event had been sent; the client got an error event. */
  STREAM_INTERRUPTED,
  /** The local tier's workers and queue were full and it is configured to refuse: HTTP 429. */
  LOCAL_TIER_SATURATED,
  /** The client went away before the response was complete. */
  CLIENT_DISCONNECTED
}
