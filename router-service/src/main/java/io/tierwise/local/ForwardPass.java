package io.tierwise.local;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * The token sequence of one generation and the model state that goes with it. With a KV cache, each
 * call runs only the tokens appended since the last call and keeps the ONNX result open, so its
 * present tensors become the next call's past without a copy; without one, every call recomputes
 * the whole sequence. Used by one thread at a time.
 */
final class ForwardPass implements AutoCloseable {

  private final DecoderGraph graph;
  private final boolean cached;
  private final LongBuffer sequence;
  private final float[] logits;
  private int length;
  private int cachedLength;
  private OrtSession.Result cache; // present tensors for positions [0, cachedLength)
  private boolean closed;

  ForwardPass(DecoderGraph graph, boolean cached, long[] prompt, int capacity, int vocabSize) {
    if (prompt.length == 0 || prompt.length > capacity) {
      throw new IllegalArgumentException(
          "prompt length must be in [1, " + capacity + "], got: " + prompt.length);
    }
    this.graph = graph;
    this.cached = cached && graph.hasPast();
    this.sequence =
        ByteBuffer.allocateDirect(capacity * Long.BYTES)
            .order(ByteOrder.nativeOrder())
            .asLongBuffer();
    this.sequence.put(0, prompt);
    this.length = prompt.length;
    this.logits = new float[vocabSize];
  }

  int length() {
    return length;
  }

  void append(int tokenId) {
    sequence.put(length++, tokenId);
  }

  /** The logits for the token after the current sequence. The array is reused by the next call. */
  synchronized float[] nextLogits() {
    if (closed) {
      throw new IllegalStateException("forward pass is closed");
    }
    int from = cached ? cachedLength : 0;
    OrtSession.Result result;
    try {
      result = graph.run(sequence, from, length, cached ? cache : null, cached);
    } catch (OrtException e) {
      throw new LocalModelException(
          "ONNX Runtime failed on positions " + from + ".." + (length - 1) + ": " + e.getMessage(),
          e);
    }
    try {
      graph.lastLogits(result, length - from, logits);
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    if (cached) {
      // The old presents were inputs of this run; only now may they be freed.
      if (cache != null) {
        cache.close();
      }
      cache = result;
      cachedLength = length;
    } else {
      result.close();
    }
    return logits;
  }

  /** Frees the cached tensors; safe to call twice and from another thread. */
  @Override
  public synchronized void close() {
    closed = true;
    if (cache != null) {
      cache.close();
      cache = null;
    }
  }
}
