package io.tierwise.local;

/**
 * The local tier refused a request at once because all its workers are busy and its queue is full.
 * The HTTP layer answers 429 or escalates the request to a remote tier; requests never pile up.
 */
public final class LocalTierSaturatedException extends RuntimeException {

  private final int workers;
  private final int queueCapacity;

  public LocalTierSaturatedException(int workers, int queueCapacity) {
    super(
        "local tier saturated: all "
            + workers
            + " workers busy and "
            + queueCapacity
            + " queued requests waiting");
    this.workers = workers;
    this.queueCapacity = queueCapacity;
  }

  public int workers() {
    return workers;
  }

  public int queueCapacity() {
    return queueCapacity;
  }
}
