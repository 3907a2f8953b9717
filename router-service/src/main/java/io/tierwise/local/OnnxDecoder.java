package io.tierwise.local;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A decoder-only model exported to ONNX in the HuggingFace Optimum layout, run with ONNX Runtime
 * and the model's own HuggingFace tokenizer.
 *
 * <p>A model folder holds {@code model.onnx}, {@code tokenizer.json} and {@code config.json}:
 *
 * <pre>{@code
 * try (OnnxDecoder decoder = OnnxDecoder.load(Path.of("models/stories260k"))) {
 *   Generation g = decoder.generate(GenerationRequest.of("Once upon a time", 32));
 *   AnswerConfidence confidence = AnswerConfidence.of(g.tokens());
 * }
 * }</pre>
 *
 * <p>Safe for concurrent generations, which share the session. Every native call runs under a read
 * lock and {@link #close()} takes the write lock, so closing never frees memory a running step
 * uses.
 */
public final class OnnxDecoder implements LocalDecoder {

  public static final String MODEL_FILE = "model.onnx";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  public static final String CONFIG_FILE = "config.json";

  private final String modelId;
  private final DecoderConfig config;
  private final DecoderOptions options;
  private final DecoderGraph graph;
  private final HuggingFaceTokenizer tokenizer;
  private final GenerationLoop loop;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Set<ForwardPass> openPasses = ConcurrentHashMap.newKeySet();
  private boolean closed; // guarded by lifecycle

  private OnnxDecoder(
      String modelId,
      DecoderConfig config,
      DecoderOptions options,
      DecoderGraph graph,
      HuggingFaceTokenizer tokenizer,
      TokenVocabulary vocabulary) {
    this.modelId = modelId;
    this.config = config;
    this.options = options;
    this.graph = graph;
    this.tokenizer = tokenizer;
    this.loop =
        new GenerationLoop(
            vocabulary, config.vocabSize(), config.maxPositions(), config.eosTokenIds());
  }

  /** Loads a model folder with {@link DecoderOptions#DEFAULT}. */
  public static OnnxDecoder load(Path modelDir) {
    return load(modelDir, DecoderOptions.DEFAULT);
  }

  /**
   * Loads a model folder: reads {@code config.json}, opens {@code model.onnx} and checks its inputs
   * and outputs against the config, and loads {@code tokenizer.json} from the file (never from a
   * hub).
   *
   * @throws LocalModelException naming the file and the problem when anything does not fit
   */
  public static OnnxDecoder load(Path modelDir, DecoderOptions options) {
    Objects.requireNonNull(modelDir, "modelDir");
    Objects.requireNonNull(options, "options");
    Path modelFile = requireFile(modelDir, MODEL_FILE);
    Path tokenizerFile = requireFile(modelDir, TOKENIZER_FILE);
    DecoderConfig config = DecoderConfig.load(requireFile(modelDir, CONFIG_FILE));
    TokenVocabulary vocabulary = TokenVocabulary.load(tokenizerFile);
    HuggingFaceTokenizer tokenizer = loadTokenizer(tokenizerFile);
    try {
      DecoderGraph graph = DecoderGraph.open(modelFile, config, options.intraOpThreads());
      Path name = modelDir.toAbsolutePath().normalize().getFileName();
      return new OnnxDecoder(
          name == null ? modelDir.toString() : name.toString(),
          config,
          options,
          graph,
          tokenizer,
          vocabulary);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  private static Path requireFile(Path dir, String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new LocalModelException("model folder " + dir + " has no " + name);
    }
    return file;
  }

  private static HuggingFaceTokenizer loadTokenizer(Path tokenizerFile) {
    try {
      // No truncation: a prompt longer than the context must be refused, not silently cut.
      return HuggingFaceTokenizer.builder()
          .optTokenizerPath(tokenizerFile)
          .optAddSpecialTokens(true)
          .optTruncation(false)
          .optPadding(false)
          .build();
    } catch (IOException | RuntimeException e) {
      throw new LocalModelException("cannot load tokenizer " + tokenizerFile + ": " + e, e);
    }
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public DecoderConfig config() {
    return config;
  }

  /** The options this decoder was loaded with. */
  public DecoderOptions options() {
    return options;
  }

  /** True when generations reuse the model's KV cache between steps. */
  public boolean usesKvCache() {
    return options.kvCache() && graph.hasPast();
  }

  @Override
  public Generation generate(GenerationRequest request) {
    return generate(request, TokenSink.NONE);
  }

  @Override
  public Generation generate(GenerationRequest request, TokenSink sink) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    long[] promptIds = encode(request);
    if (promptIds.length == 0) {
      throw new IllegalArgumentException(
          "prompt encodes to no tokens and the tokenizer adds no BOS; nothing to continue from");
    }
    if (promptIds.length >= config.maxPositions()) {
      throw new ContextLengthExceededException(promptIds.length, config.maxPositions());
    }
    ForwardPass pass =
        guarded(
            () -> {
              // Room for the prompt and every token that may be fed back, never past the context.
              int capacity =
                  Math.min(config.maxPositions(), promptIds.length + request.maxNewTokens());
              ForwardPass p =
                  new ForwardPass(
                      graph, options.kvCache(), promptIds, capacity, config.vocabSize());
              openPasses.add(p);
              return p;
            });
    try {
      return loop.run(request, promptIds.length, new GuardedSource(pass), sink);
    } finally {
      // Under the read lock: either close() has not run and cannot until the cache is freed, or it
      // already freed this pass's cache (it was registered) and this close is a no-op.
      Lock lock = lifecycle.readLock();
      lock.lock();
      try {
        openPasses.remove(pass);
        pass.close();
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public int promptTokens(GenerationRequest request) {
    Objects.requireNonNull(request, "request");
    return encode(request).length;
  }

  /** Token ids of {@code text} as the model sees it, with a BOS token if the tokenizer adds one. */
  public long[] tokenize(String text) {
    Objects.requireNonNull(text, "text");
    return guarded(() -> tokenizer.encode(text).getIds());
  }

  private long[] encode(GenerationRequest request) {
    return tokenize(promptText(request));
  }

  private String promptText(GenerationRequest request) {
    if (options.chatTemplate().isPresent()) {
      return options.chatTemplate().get().render(request.systemPrompt(), request.prompt());
    }
    // Without a template there is no system slot; a system prompt leads as its own paragraph.
    return request.systemPrompt().isEmpty()
        ? request.prompt()
        : request.systemPrompt() + "\n\n" + request.prompt();
  }

  private <T> T guarded(Supplier<T> nativeCall) {
    Lock lock = lifecycle.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("decoder " + modelId + " is closed");
      }
      return nativeCall.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs each step under the read lock, so close() cannot free the session mid-step. */
  private final class GuardedSource implements GenerationLoop.LogitsSource {
    private final ForwardPass pass;

    GuardedSource(ForwardPass pass) {
      this.pass = pass;
    }

    @Override
    public float[] nextLogits() {
      return guarded(pass::nextLogits);
    }

    @Override
    public void append(int tokenId) {
      pass.append(tokenId);
    }
  }

  @Override
  public void close() {
    Lock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      // Cached tensors of generations still running were allocated by the session: free them first.
      for (ForwardPass pass : openPasses) {
        pass.close();
      }
      try {
        graph.close();
      } finally {
        tokenizer.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
