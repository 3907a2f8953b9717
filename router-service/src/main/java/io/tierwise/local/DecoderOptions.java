package io.tierwise.local;

import java.util.Objects;
import java.util.Optional;

/**
 * How {@link OnnxDecoder} runs a model folder.
 *
 * @param kvCache reuse the model's key/value cache between steps when the model has {@code
 *     past_key_values} inputs; false recomputes the whole sequence at every step (quadratic, for
 *     checking an export against the cached path)
 * @param intraOpThreads ONNX Runtime threads per generation step; keep workers times threads at or
 *     below the cores available
 * @param chatTemplate template applied to every prompt, for instruct models
 */
public record DecoderOptions(
    boolean kvCache, int intraOpThreads, Optional<ChatTemplate> chatTemplate) {

  public static final int DEFAULT_INTRA_OP_THREADS = 1;

  /** KV cache on, one thread per step, no chat template. */
  public static final DecoderOptions DEFAULT =
      new DecoderOptions(true, DEFAULT_INTRA_OP_THREADS, Optional.empty());

  public DecoderOptions {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException(
          "intraOpThreads must be at least 1, got: " + intraOpThreads);
    }
    Objects.requireNonNull(chatTemplate, "chatTemplate");
  }

  public DecoderOptions withKvCache(boolean kvCache) {
    return new DecoderOptions(kvCache, intraOpThreads, chatTemplate);
  }

  public DecoderOptions withIntraOpThreads(int intraOpThreads) {
    return new DecoderOptions(kvCache, intraOpThreads, chatTemplate);
  }

  public DecoderOptions withChatTemplate(ChatTemplate chatTemplate) {
    return new DecoderOptions(kvCache, intraOpThreads, Optional.of(chatTemplate));
  }
}
