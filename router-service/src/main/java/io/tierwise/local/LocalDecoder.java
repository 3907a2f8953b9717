package io.tierwise.local;

/**
 * A language model that generates text inside this process. Implementations are safe for concurrent
 * use; throughput is bounded by the caller (see {@link BoundedGenerationPool}).
 */
public interface LocalDecoder extends AutoCloseable {

  /** Identifies the model, e.g. its folder name {@code stories260k}. */
  String modelId();

  /** The model's dimensions, context length and EOS ids. */
  DecoderConfig config();

  /**
   * Generates a completion.
   *
   * @throws ContextLengthExceededException if the prompt leaves no room for a generated token
   * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
   *     (checked between tokens)
   * @throws LocalModelException if the model fails at run time
   */
  Generation generate(GenerationRequest request);

  /** Generates a completion, streaming tokens and final text to {@code sink} as they come. */
  Generation generate(GenerationRequest request, TokenSink sink);

  /** Tokens the request's prompt takes after the chat template, including a BOS token. */
  int promptTokens(GenerationRequest request);

  /**
   * Releases native resources; safe to call twice; any use afterwards throws {@link
   * IllegalStateException}. Waits for a generation step in progress, then fails generations still
   * running with {@link IllegalStateException}.
   */
  @Override
  void close();
}
