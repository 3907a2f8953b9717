package io.tierwise.gateway;

import io.tierwise.local.LocalOutcome;
import java.util.Objects;
import java.util.OptionalDouble;

/** How one call to an upstream ended. */
public sealed interface AttemptResult {

  /** A short label for metrics and logs, e.g. {@code 503}, {@code connect_error}. */
  String label();

  /** The upstream answered with this HTTP status. */
  record Status(int code) implements AttemptResult {
    public Status {
      if (code < 100 || code > 599) {
        throw new IllegalArgumentException("HTTP status must be in [100, 599], got: " + code);
      }
    }

    @Override
    public String label() {
      return Integer.toString(code);
    }
  }

  /**
   * The call failed without a usable response.
   *
   * @param kind what went wrong
   * @param message the exception's message, for operators
   */
  record Failed(FailureKind kind, String message) implements AttemptResult {
    public Failed {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String label() {
      return kind.label();
    }
  }

  /** The upstream's circuit was open, so it was not called. */
  record CircuitOpen() implements AttemptResult {
    @Override
    public String label() {
      return "circuit_open";
    }
  }

  /**
   * An attempt with an in-process local tier.
   *
   * @param outcome answered, discarded for low confidence, saturated or failed
   * @param promptTokens prompt tokens the model read (0 when nothing ran)
   * @param completionTokens tokens generated, discarded ones included
   * @param costUsd the attempt's cost at the local tier's prices, paid even when discarded
   * @param confidence the score the gate compared (P(good) or mean logprob), when it judged
   */
  record Local(
      LocalOutcome outcome,
      long promptTokens,
      long completionTokens,
      double costUsd,
      OptionalDouble confidence)
      implements AttemptResult {
    public Local {
      Objects.requireNonNull(outcome, "outcome");
      if (promptTokens < 0 || completionTokens < 0) {
        throw new IllegalArgumentException(
            "token counts must be >= 0, got prompt="
                + promptTokens
                + " completion="
                + completionTokens);
      }
      if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
        throw new IllegalArgumentException("costUsd must be finite and >= 0, got: " + costUsd);
      }
      Objects.requireNonNull(confidence, "confidence");
    }

    @Override
    public String label() {
      return "local_" + outcome.label();
    }
  }

  /** Why a call produced no usable response. */
  enum FailureKind {
    /** The TCP/TLS connection could not be opened. */
    CONNECT("connect_error"),
    /** A read, header or budget timeout expired. */
    TIMEOUT("timeout"),
    /** The connection broke or the response was malformed. */
    IO("io_error");

    private final String label;

    FailureKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
