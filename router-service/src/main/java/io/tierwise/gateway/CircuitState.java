package io.tierwise.gateway;

/** The state of an upstream's circuit breaker. */
public enum CircuitState {
  /** Calls flow; failures are counted. */
  CLOSED(0),
  /** A limited number of probe calls test whether the upstream recovered. */
  HALF_OPEN(1),
  /** Calls are rejected without contacting the upstream. */
  OPEN(2);

  private final int gaugeValue;

  CircuitState(int gaugeValue) {
    this.gaugeValue = gaugeValue;
  }

  /** The value exported by the circuit state gauge: 0 closed, 1 half-open, 2 open. */
  public int gaugeValue() {
    return gaugeValue;
  }
}
