package io.tierwise.local;

/** What the gateway does with a request when the local tier's workers and queue are all taken. */
public enum SaturationPolicy {
  /** Answer HTTP 429 at once, so the client backs off; nothing else is spent on the request. */
  REFUSE,
  /** Send the request to the next tier up, which costs money but keeps latency bounded. */
  ESCALATE
}
