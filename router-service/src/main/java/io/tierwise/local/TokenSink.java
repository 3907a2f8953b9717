package io.tierwise.local;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives a generation as it happens, on the generating thread. Tokens arrive as they are chosen;
 * text arrives once it is final, so text that might still turn into a stop string, or an incomplete
 * UTF-8 character, is held back until it is decided. Concatenating every {@link #onText} delta
 * gives {@link Generation#text()}; the {@link #onToken} calls give {@link Generation#tokens()}.
 *
 * <p>An exception thrown here aborts the generation and propagates to the caller.
 */
public interface TokenSink {

  /** A sink that ignores everything. */
  TokenSink NONE = new TokenSink() {};

  /** A token was chosen and will be part of the generation. */
  default void onToken(GeneratedToken token) {}

  /** More output text is final; {@code delta} is never empty. */
  default void onText(String delta) {}

  /** A sink that only streams text. */
  static TokenSink ofText(Consumer<String> textConsumer) {
    Objects.requireNonNull(textConsumer, "textConsumer");
    return new TokenSink() {
      @Override
      public void onText(String delta) {
        textConsumer.accept(delta);
      }
    };
  }
}
