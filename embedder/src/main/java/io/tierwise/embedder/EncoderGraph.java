package io.tierwise.embedder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-style ONNX encoder: takes {@code input_ids}, {@code attention_mask} and, if the graph
 * declares it, {@code token_type_ids}; returns per-token hidden states {@code [batch, tokens,
 * hidden]}. Safe for concurrent use, since {@link OrtSession#run} is.
 */
final class EncoderGraph implements AutoCloseable {

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";

  /** Names HuggingFace and sentence-transformers exports give the per-token output. */
  private static final List<String> PREFERRED_OUTPUTS =
      List.of("last_hidden_state", "token_embeddings");

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String location;
  private final boolean takesTokenTypeIds;
  private final String output;

  private EncoderGraph(
      OrtEnvironment environment,
      OrtSession session,
      String location,
      boolean takesTokenTypeIds,
      String output) {
    this.environment = environment;
    this.session = session;
    this.location = location;
    this.takesTokenTypeIds = takesTokenTypeIds;
    this.output = output;
  }

  /**
   * Creates an ONNX Runtime session for {@code graph} and checks its inputs and outputs.
   *
   * @param location where the graph came from, for messages
   */
  static EncoderGraph load(byte[] graph, String location, int intraOpThreads) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = EncoderSessionOptions.create(intraOpThreads)) {
      session = environment.createSession(graph, options);
    } catch (OrtException e) {
      throw new EmbeddingModelException(
          "ONNX model " + location + " cannot be loaded: " + e.getMessage(), e);
    }
    try {
      boolean takesTokenTypeIds = checkInputs(session, location);
      String output = chooseOutput(session, location);
      return new EncoderGraph(environment, session, location, takesTokenTypeIds, output);
    } catch (RuntimeException e) {
      closeQuietly(session, e);
      throw e;
    } catch (OrtException e) {
      closeQuietly(session, e);
      throw new EmbeddingModelException(
          "cannot inspect ONNX model " + location + ": " + e.getMessage(), e);
    }
  }

  /** True if the graph takes token type ids; fails if it needs an input we cannot provide. */
  private static boolean checkInputs(OrtSession session, String location) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    for (String required : List.of(INPUT_IDS, ATTENTION_MASK)) {
      if (!inputs.containsKey(required)) {
        throw new EmbeddingModelException(
            "ONNX model "
                + location
                + " has no input '"
                + required
                + "'; its inputs are "
                + inputs.keySet());
      }
    }
    Set<String> known = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);
    for (Map.Entry<String, NodeInfo> input : inputs.entrySet()) {
      if (!known.contains(input.getKey())) {
        throw new EmbeddingModelException(
            "ONNX model "
                + location
                + " needs input '"
                + input.getKey()
                + "', which a text encoder does not provide; supported inputs are "
                + known);
      }
      if (!(input.getValue().getInfo() instanceof TensorInfo tensor)
          || tensor.type != OnnxJavaType.INT64) {
        throw new EmbeddingModelException(
            "ONNX model "
                + location
                + " input '"
                + input.getKey()
                + "' must be an int64 tensor, got: "
                + input.getValue().getInfo());
      }
    }
    return inputs.containsKey(TOKEN_TYPE_IDS);
  }

  private static String chooseOutput(OrtSession session, String location) throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    Map<String, NodeInfo> candidates = new LinkedHashMap<>();
    for (String preferred : PREFERRED_OUTPUTS) {
      if (outputs.containsKey(preferred)) {
        candidates.put(preferred, outputs.get(preferred));
      }
    }
    outputs.forEach(candidates::putIfAbsent);
    for (Map.Entry<String, NodeInfo> output : candidates.entrySet()) {
      if (output.getValue().getInfo() instanceof TensorInfo tensor
          && tensor.type == OnnxJavaType.FLOAT
          && tensor.getShape().length == 3) {
        return output.getKey();
      }
    }
    throw new EmbeddingModelException(
        "ONNX model "
            + location
            + " has no float output of shape [batch, tokens, hidden] to pool; its outputs are "
            + outputs);
  }

  /** The ONNX Runtime release running the graph, e.g. {@code 1.26.0}. */
  String runtimeVersion() {
    return environment.getVersion();
  }

  /**
   * Runs the encoder on one padded batch.
   *
   * @return hidden states, row-major {@code [batch.size(), batch.paddedLength(), hidden]}
   */
  FloatBuffer run(PaddedBatch batch) {
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(INPUT_IDS, tensor(batch.ids(), batch.shape()));
      inputs.put(ATTENTION_MASK, tensor(batch.attentionMask(), batch.shape()));
      if (takesTokenTypeIds) {
        inputs.put(TOKEN_TYPE_IDS, tensor(batch.typeIds(), batch.shape()));
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
        OnnxValue states = result.get(output).orElseThrow();
        if (!(states instanceof OnnxTensor tensor)) {
          throw new EmbeddingModelException(
              "ONNX model " + location + " output '" + output + "' is not a tensor");
        }
        return tensor.getFloatBuffer();
      }
    } catch (OrtException e) {
      throw new EmbeddingModelException(
          "ONNX model "
              + location
              + " failed on a batch of "
              + batch.size()
              + " text(s) of "
              + batch.paddedLength()
              + " tokens: "
              + e.getMessage(),
          e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
    return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
  }

  String location() {
    return location;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new EmbeddingModelException(
          "closing ONNX model " + location + " failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(OrtSession session, Exception primary) {
    try {
      session.close();
    } catch (OrtException e) {
      primary.addSuppressed(e);
    }
  }
}
