package io.tierwise.embedder;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Sentence embeddings computed in-process: HuggingFace tokenizer (via DJL), ONNX Runtime encoder,
 * mean or CLS pooling, L2 normalisation.
 *
 * <p>Every text runs through the encoder on its own, also in {@link #embedAll(List)}. The bundled
 * models are dynamically int8-quantised: each layer quantises its activations with one scale
 * computed over the whole input tensor, so a text batched with others (and their padding) gets a
 * measurably different vector than alone — up to 0.03 per component on all-MiniLM. One text per run
 * keeps every vector independent of what it was batched with, which the kNN memory relies on (index
 * built with {@code embedAll}, queries with {@code embed}); on one thread batching gained nothing
 * measurable for prompt-sized texts.
 *
 * <p>Safe for concurrent use: ONNX Runtime sessions and the tokenizer are thread-safe, and a
 * read-write lock keeps {@link #close()} from freeing native memory under a running embedding.
 */
public final class OnnxTextEmbedder implements TextEmbedder {

  private final String modelId;
  private final Pooling pooling;
  private final int maxLength;
  private final int intraOpThreads;
  private final TextTokenizer tokenizer;
  private final EncoderGraph encoder;
  private final int dimension;

  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed; // guarded by lifecycle

  private OnnxTextEmbedder(
      String modelId,
      Pooling pooling,
      int intraOpThreads,
      TextTokenizer tokenizer,
      EncoderGraph encoder,
      int dimension) {
    this.modelId = modelId;
    this.pooling = pooling;
    this.maxLength = tokenizer.maxLength();
    this.intraOpThreads = intraOpThreads;
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.dimension = dimension;
  }

  /**
   * Opens the model the settings name.
   *
   * @throws EmbeddingModelException if the model files are missing, unreadable or corrupt
   * @throws IllegalArgumentException if the max length exceeds what the model supports
   */
  public static OnnxTextEmbedder open(EmbedderSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return open(settings.source(), settings.intraOpThreads(), settings.maxLength());
  }

  /**
   * Opens a model.
   *
   * @param intraOpThreads threads ONNX Runtime may use inside one inference, at least 1
   * @param maxLength tokens kept per text including {@code [CLS]}/{@code [SEP]}, or 0 for the
   *     model's default
   * @throws EmbeddingModelException if the model files are missing, unreadable or corrupt
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static OnnxTextEmbedder open(
      EmbeddingModelSource source, int intraOpThreads, int maxLength) {
    Objects.requireNonNull(source, "source");
    EmbedderSettings.checkIntraOpThreads(intraOpThreads);
    EmbedderSettings.checkMaxLength(maxLength);
    ModelArtifacts model = ModelArtifacts.read(source);
    int effectiveMaxLength = maxLength == 0 ? model.defaultMaxLength() : maxLength;
    if (effectiveMaxLength > model.maxPositions()) {
      throw new IllegalArgumentException(
          "maxLength must be at most "
              + model.maxPositions()
              + " for model "
              + model.modelId()
              + ", got: "
              + effectiveMaxLength);
    }
    EncoderGraph encoder = EncoderGraph.load(model.graph(), model.graphLocation(), intraOpThreads);
    TextTokenizer tokenizer;
    try {
      tokenizer =
          TextTokenizer.load(model.tokenizerJson(), model.tokenizerLocation(), effectiveMaxLength);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
    try {
      int dimension = testRun(encoder, tokenizer);
      return new OnnxTextEmbedder(
          model.modelId(), model.pooling(), intraOpThreads, tokenizer, encoder, dimension);
    } catch (RuntimeException e) {
      tokenizer.close();
      encoder.close();
      throw e;
    }
  }

  /**
   * Embeds an empty text once so that a graph which loads but cannot run fails now rather than on
   * the first request, and learns the hidden size, which exported graphs may leave symbolic.
   */
  private static int testRun(EncoderGraph encoder, TextTokenizer tokenizer) {
    PaddedBatch batch = PaddedBatch.of(List.of(tokenizer.encode("")));
    int values = encoder.run(batch).remaining();
    int tokens = batch.paddedLength();
    if (values == 0 || values % tokens != 0) {
      throw new EmbeddingModelException(
          "ONNX model "
              + encoder.location()
              + " returned "
              + values
              + " values for "
              + tokens
              + " tokens; expected [1, tokens, hidden]");
    }
    return values / tokens;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String runtimeId() {
    return "onnxruntime-" + encoder.runtimeVersion();
  }

  /** How this model pools token states into a sentence vector. */
  public Pooling pooling() {
    return pooling;
  }

  /** Tokens kept per text, {@code [CLS]} and {@code [SEP]} included; the rest is cut off. */
  public int maxLength() {
    return maxLength;
  }

  public int intraOpThreads() {
    return intraOpThreads;
  }

  @Override
  public float[] embed(String text) {
    Objects.requireNonNull(text, "text");
    lifecycle.readLock().lock();
    try {
      requireOpen();
      return embedBatch(List.of(tokenizer.encode(text))).getFirst();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** {@inheritDoc} Blocks {@link #close()} until it returns. */
  @Override
  public List<float[]> embedAll(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      Objects.requireNonNull(texts.get(i), "texts[" + i + "]");
    }
    lifecycle.readLock().lock();
    try {
      requireOpen();
      List<float[]> vectors = new ArrayList<>(texts.size());
      for (String text : texts) {
        vectors.add(embedBatch(List.of(tokenizer.encode(text))).getFirst());
      }
      return vectors;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Embeds the texts as one padded batch, the way sentence-transformers and Transformers.js do.
   * With dynamically quantised models each vector then depends on its batch-mates (see the class
   * comment), which is why the public methods do not batch; this exists to reproduce published
   * reference embeddings, which were computed in batches.
   */
  List<float[]> embedAsOneBatch(List<String> texts) {
    lifecycle.readLock().lock();
    try {
      requireOpen();
      return embedBatch(texts.stream().map(tokenizer::encode).toList());
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private List<float[]> embedBatch(List<TokenizedText> texts) {
    PaddedBatch batch = PaddedBatch.of(texts);
    FloatBuffer states = encoder.run(batch);
    long expected = (long) batch.size() * batch.paddedLength() * dimension;
    if (states.remaining() != expected) {
      throw new EmbeddingModelException(
          "ONNX model "
              + encoder.location()
              + " returned "
              + states.remaining()
              + " values for "
              + batch.size()
              + " x "
              + batch.paddedLength()
              + " tokens, expected "
              + expected);
    }
    List<float[]> vectors = new ArrayList<>(batch.size());
    for (int row = 0; row < batch.size(); row++) {
      float[] pooled = pooling.pool(states, row, batch.attentionMask(row), dimension);
      vectors.add(Pooling.normalise(pooled));
    }
    return vectors;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("embedder for model " + modelId + " is closed");
    }
  }

  /** Waits for running embeddings, then frees the native session and tokenizer; idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        tokenizer.close();
      } finally {
        encoder.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxTextEmbedder[model="
        + modelId
        + ", pooling="
        + pooling
        + ", maxLength="
        + maxLength
        + ", dimension="
        + dimension
        + ", intraOpThreads="
        + intraOpThreads
        + "]";
  }
}
