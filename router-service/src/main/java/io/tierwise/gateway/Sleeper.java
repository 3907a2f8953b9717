package io.tierwise.gateway;

import java.time.Duration;

/** Waits between retry attempts; tests inject one that records waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Really sleeps. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration);

  void sleep(Duration duration) throws InterruptedException;
}
