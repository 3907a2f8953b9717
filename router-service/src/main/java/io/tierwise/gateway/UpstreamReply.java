package io.tierwise.gateway;

import java.util.List;
import java.util.Objects;

/** The response the failover settled on, with every attempt made to get it. */
sealed interface UpstreamReply {

  Upstream upstream();

  List<Attempt> attempts();

  /**
   * A fully read response: a success, or a client error (4xx other than 429) passed to the caller.
   */
  record Complete(Upstream upstream, int status, String body, List<Attempt> attempts)
      implements UpstreamReply {
    public Complete {
      Objects.requireNonNull(upstream, "upstream");
      Objects.requireNonNull(body, "body");
      attempts = List.copyOf(attempts);
    }
  }

  /**
   * A streaming success whose first event has arrived; the caller owns and must close {@code
   * exchange}.
   */
  record Streaming(
      Upstream upstream,
      UpstreamExchange exchange,
      SseDataReader events,
      String firstData,
      List<Attempt> attempts)
      implements UpstreamReply {
    public Streaming {
      Objects.requireNonNull(upstream, "upstream");
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(events, "events");
      Objects.requireNonNull(firstData, "firstData");
      attempts = List.copyOf(attempts);
    }
  }
}
