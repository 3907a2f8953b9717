package io.tierwise.gateway;

import java.util.List;
import java.util.stream.Collectors;

/** Every candidate upstream failed or was skipped; the message lists what was tried. */
public final class AllUpstreamsFailedException extends Exception {

  private final transient List<Attempt> attempts;

  public AllUpstreamsFailedException(List<Attempt> attempts) {
    super(describe(attempts));
    this.attempts = List.copyOf(attempts);
  }

  public List<Attempt> attempts() {
    return attempts;
  }

  private static String describe(List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return "no upstream could be tried within the request time budget";
    }
    return "all upstreams failed; tried "
        + attempts.stream().map(Attempt::describe).collect(Collectors.joining("; "));
  }
}
