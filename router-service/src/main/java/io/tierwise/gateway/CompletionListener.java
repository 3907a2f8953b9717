package io.tierwise.gateway;

/**
 * Told about every successful non-streaming chat completion after its response is written, e.g. to
 * sample it for shadow evaluation. Called on the request's thread: implementations must hand any
 * real work to their own threads and return at once. An exception is logged and ignored.
 */
@FunctionalInterface
public interface CompletionListener {

  /** A listener that does nothing. */
  CompletionListener NONE = completion -> {};

  void completed(Completion completion);
}
