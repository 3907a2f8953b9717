package io.tierwise.gateway;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One call (or skipped call) to an upstream while serving a request.
 *
 * @param tier the tier the upstream serves
 * @param upstream the upstream's name
 * @param result status, failure or open circuit
 * @param latency time from sending the request to its outcome (zero when not called)
 * @param retryAfter the upstream's {@code Retry-After}, when it sent one
 */
public record Attempt(
    String tier,
    String upstream,
    AttemptResult result,
    Duration latency,
    Optional<Duration> retryAfter) {

  public Attempt {
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must be >= 0, got: " + latency);
    }
  }

  /** e.g. {@code small/small-local: 503 after 12 ms}. */
  public String describe() {
    String outcome =
        switch (result) {
          case AttemptResult.Status s -> "HTTP " + s.code();
          case AttemptResult.Failed f -> f.kind().label() + " (" + f.message() + ")";
          case AttemptResult.CircuitOpen c -> "circuit open, not called";
          case AttemptResult.Local l ->
              "local "
                  + l.outcome().label()
                  + " ("
                  + l.completionTokens()
                  + " tokens"
                  + (l.confidence().isPresent()
                      ? ", confidence " + l.confidence().getAsDouble()
                      : "")
                  + ")";
        };
    return tier + "/" + upstream + ": " + outcome + " after " + latency.toMillis() + " ms";
  }
}
