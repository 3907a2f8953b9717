package io.tierwise.gateway;

import io.tierwise.local.GeneratedToken;
import io.tierwise.local.Generation;
import io.tierwise.local.TokenSink;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands a local generation's tokens, text and end from the pool's worker thread to the request's
 * thread, which decides (after the first tokens) whether to stream them or escalate. The queue is
 * bounded by the generation itself: at most {@code maxNewTokens} tokens and as many text deltas.
 */
final class LocalStream implements TokenSink {

  /** Something the generation did. */
  sealed interface Event {}

  /** A token was chosen. */
  record TokenChosen(GeneratedToken token) implements Event {}

  /** Text became final. */
  record TextFinal(String delta) implements Event {}

  /** The generation ended normally. */
  record Finished(Generation generation) implements Event {}

  /** The generation failed or was cancelled. */
  record Failed(Throwable error) implements Event {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  @Override
  public void onToken(GeneratedToken token) {
    events.add(new TokenChosen(token));
  }

  @Override
  public void onText(String delta) {
    events.add(new TextFinal(delta));
  }

  /** Reports the end of {@code generation} as the last event. */
  void follow(CompletableFuture<Generation> generation) {
    Objects.requireNonNull(generation, "generation");
    generation.whenComplete(
        (result, error) -> {
          if (error == null) {
            events.add(new Finished(result));
          } else {
            events.add(
                new Failed(
                    error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error));
          }
        });
  }

  /** The next event, or null when none arrived within {@code timeoutNanos}. */
  Event next(long timeoutNanos) throws InterruptedException {
    return events.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
  }
}
