package io.tierwise.local;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX Runtime session over a decoder exported in the Optimum decoder-with-past layout, checked
 * against the model's {@code config.json} when opened, with the constant inputs every step shares.
 *
 * <p>Inputs: {@code input_ids}, and where the graph has them {@code attention_mask}, {@code
 * position_ids} and {@code past_key_values.{i}.key/value} ({@code [batch, kv_heads, past,
 * head_dim]}). Outputs: {@code logits} and, with past inputs, {@code present.{i}.key/value}. Safe
 * for concurrent runs; closing is not synchronised here (the owning decoder does that).
 */
final class DecoderGraph implements AutoCloseable {

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String POSITION_IDS = "position_ids";
  static final String LOGITS = "logits";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final int vocabSize;
  private final boolean hasAttentionMask;
  private final boolean hasPositionIds;
  private final List<String> pastNames;
  private final List<String> presentNames;
  private final Set<String> logitsAndPresent;
  private final Set<String> logitsOnly = Set.of(LOGITS);
  // Read-only inputs shared by all runs: the empty first-step past, an all-ones attention mask
  // and the position ids 0..maxPositions-1, sliced per step without copying.
  private final OnnxTensor emptyPast;
  private final LongBuffer ones;
  private final LongBuffer positions;

  private DecoderGraph(
      OrtEnvironment env,
      OrtSession session,
      DecoderConfig config,
      boolean hasAttentionMask,
      boolean hasPositionIds,
      List<String> pastNames,
      List<String> presentNames,
      OnnxTensor emptyPast) {
    this.env = env;
    this.session = session;
    this.vocabSize = config.vocabSize();
    this.hasAttentionMask = hasAttentionMask;
    this.hasPositionIds = hasPositionIds;
    this.pastNames = pastNames;
    this.presentNames = presentNames;
    Set<String> outputs = new LinkedHashSet<>();
    outputs.add(LOGITS);
    outputs.addAll(presentNames);
    this.logitsAndPresent = Set.copyOf(outputs);
    this.emptyPast = emptyPast;
    this.ones = directLongs(config.maxPositions());
    this.positions = directLongs(config.maxPositions());
    for (int i = 0; i < config.maxPositions(); i++) {
      ones.put(i, 1L);
      positions.put(i, i);
    }
  }

  /** Opens {@code modelFile} and checks its inputs and outputs against {@code config}. */
  static DecoderGraph open(Path modelFile, DecoderConfig config, int intraOpThreads) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      session = env.createSession(modelFile.toString(), options);
    } catch (OrtException e) {
      throw new LocalModelException(
          "cannot load ONNX model " + modelFile + ": " + e.getMessage(), e);
    }
    try {
      return inspect(env, session, config, modelFile);
    } catch (RuntimeException | OrtException e) {
      try {
        session.close();
      } catch (OrtException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof LocalModelException lme) {
        throw lme;
      }
      throw new LocalModelException("cannot inspect ONNX model " + modelFile + ": " + e, e);
    }
  }

  private static DecoderGraph inspect(
      OrtEnvironment env, OrtSession session, DecoderConfig config, Path modelFile)
      throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    String where = "ONNX model " + modelFile;
    Set<String> known = new LinkedHashSet<>(List.of(INPUT_IDS, ATTENTION_MASK, POSITION_IDS));
    List<String> pastNames = new ArrayList<>();
    List<String> presentNames = new ArrayList<>();
    for (int layer = 0; layer < config.numLayers(); layer++) {
      for (String kind : List.of("key", "value")) {
        pastNames.add("past_key_values." + layer + "." + kind);
        presentNames.add("present." + layer + "." + kind);
      }
    }
    known.addAll(pastNames);
    for (String name : inputs.keySet()) {
      if (!known.contains(name)) {
        String hint =
            name.startsWith("past_key_values.")
                ? " (config.json says num_hidden_layers " + config.numLayers() + ")"
                : "";
        throw new LocalModelException(
            where
                + " has input '"
                + name
                + "' that this runtime does not feed"
                + hint
                + "; supported: input_ids, attention_mask, position_ids,"
                + " past_key_values.{0.."
                + (config.numLayers() - 1)
                + "}.key/value");
      }
    }
    requireTensor(where, "input", INPUT_IDS, inputs, OnnxJavaType.INT64);
    for (String optional : List.of(ATTENTION_MASK, POSITION_IDS)) {
      if (inputs.containsKey(optional)) {
        requireTensor(where, "input", optional, inputs, OnnxJavaType.INT64);
      }
    }
    long pastInputs = pastNames.stream().filter(inputs::containsKey).count();
    boolean hasPast = pastInputs > 0;
    if (hasPast && pastInputs != pastNames.size()) {
      throw new LocalModelException(
          where
              + " has "
              + pastInputs
              + " of the "
              + pastNames.size()
              + " past_key_values inputs that num_hidden_layers "
              + config.numLayers()
              + " from config.json implies");
    }
    TensorInfo logits = requireTensor(where, "output", LOGITS, outputs, OnnxJavaType.FLOAT);
    long[] logitsShape = logits.getShape();
    long logitsWidth = logitsShape[logitsShape.length - 1];
    if (logitsWidth > 0 && logitsWidth != config.vocabSize()) {
      throw new LocalModelException(
          where
              + ": logits have "
              + logitsWidth
              + " columns but config.json says vocab_size "
              + config.vocabSize());
    }
    if (hasPast) {
      for (String name : pastNames) {
        checkKvShape(
            where, name, requireTensor(where, "input", name, inputs, OnnxJavaType.FLOAT), config);
      }
      for (String name : presentNames) {
        requireTensor(where, "output", name, outputs, OnnxJavaType.FLOAT);
      }
    }
    OnnxTensor emptyPast =
        hasPast
            ? OnnxTensor.createTensor(
                env,
                FloatBuffer.allocate(0),
                new long[] {1, config.numKvHeads(), 0, config.headDim()})
            : null;
    return new DecoderGraph(
        env,
        session,
        config,
        inputs.containsKey(ATTENTION_MASK),
        inputs.containsKey(POSITION_IDS),
        hasPast ? List.copyOf(pastNames) : List.of(),
        hasPast ? List.copyOf(presentNames) : List.of(),
        emptyPast);
  }

  private static TensorInfo requireTensor(
      String where, String role, String name, Map<String, NodeInfo> nodes, OnnxJavaType type) {
    NodeInfo node = nodes.get(name);
    if (node == null) {
      throw new LocalModelException(
          where + " has no " + role + " '" + name + "' (has: " + nodes.keySet() + ")");
    }
    ValueInfo info = node.getInfo();
    if (!(info instanceof TensorInfo tensor) || tensor.type != type) {
      throw new LocalModelException(
          where + ": " + role + " '" + name + "' must be a " + type + " tensor, got: " + info);
    }
    return tensor;
  }

  private static void checkKvShape(
      String where, String name, TensorInfo info, DecoderConfig config) {
    // Checked against config.json only where the graph fixes a dimension; -1 means dynamic.
    long[] shape = info.getShape();
    if (shape.length != 4
        || (shape[1] > 0 && shape[1] != config.numKvHeads())
        || (shape[3] > 0 && shape[3] != config.headDim())) {
      throw new LocalModelException(
          where
              + ": input '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + " but config.json implies [batch, "
              + config.numKvHeads()
              + ", past, "
              + config.headDim()
              + "] (num_key_value_heads, head_dim)");
    }
  }

  boolean hasPast() {
    return !pastNames.isEmpty();
  }

  /**
   * Runs the tokens at positions {@code [from, to)} of {@code sequence}. With {@code past} (the
   * result of a run that ended at {@code from}, kept open by the caller) its present tensors are
   * fed back as the past without copying; without it the past is empty and {@code from} must be 0.
   * The caller closes the returned result, after any later run that uses it as its past.
   *
   * @param keepPresent whether to return the present tensors for a next step
   */
  OrtSession.Result run(
      LongBuffer sequence, int from, int to, OrtSession.Result past, boolean keepPresent)
      throws OrtException {
    int count = to - from;
    List<OnnxTensor> owned = new ArrayList<>(3);
    Map<String, OnnxTensor> feed = new HashMap<>(2 * (3 + pastNames.size()));
    try {
      feed.put(INPUT_IDS, own(owned, sequence.slice(from, count), count));
      if (hasAttentionMask) {
        feed.put(ATTENTION_MASK, own(owned, ones.slice(0, to), to));
      }
      if (hasPositionIds) {
        feed.put(POSITION_IDS, own(owned, positions.slice(from, count), count));
      }
      for (int i = 0; i < pastNames.size(); i++) {
        feed.put(pastNames.get(i), past == null ? emptyPast : present(past, presentNames.get(i)));
      }
      return session.run(feed, keepPresent && hasPast() ? logitsAndPresent : logitsOnly);
    } finally {
      for (OnnxTensor t : owned) {
        t.close();
      }
    }
  }

  private static OnnxTensor present(OrtSession.Result past, String name) {
    return (OnnxTensor)
        past.get(name)
            .orElseThrow(() -> new IllegalStateException("previous step returned no " + name));
  }

  /** Copies the logits of the last of {@code rows} positions into {@code into}. */
  void lastLogits(OrtSession.Result result, int rows, float[] into) {
    OnnxTensor logits =
        (OnnxTensor)
            result.get(LOGITS).orElseThrow(() -> new IllegalStateException("no logits output"));
    long[] shape = logits.getInfo().getShape();
    if (shape.length != 3 || shape[1] != rows || shape[2] != vocabSize) {
      throw new LocalModelException(
          "model returned logits of shape "
              + Arrays.toString(shape)
              + ", expected [1, "
              + rows
              + ", "
              + vocabSize
              + "]");
    }
    FloatBuffer all = logits.getFloatBuffer();
    all.get((rows - 1) * vocabSize, into, 0, vocabSize);
  }

  /** A [1, length] tensor over {@code values} (a direct buffer, so ONNX Runtime does not copy). */
  private OnnxTensor own(List<OnnxTensor> owned, LongBuffer values, int length)
      throws OrtException {
    OnnxTensor tensor = OnnxTensor.createTensor(env, values, new long[] {1, length});
    owned.add(tensor);
    return tensor;
  }

  private static LongBuffer directLongs(int capacity) {
    return ByteBuffer.allocateDirect(capacity * Long.BYTES)
        .order(ByteOrder.nativeOrder())
        .asLongBuffer();
  }

  /** Closes the session; the process-wide ONNX Runtime environment stays open for other users. */
  @Override
  public void close() {
    if (emptyPast != null) {
      emptyPast.close();
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new LocalModelException("cannot close ONNX session: " + e.getMessage(), e);
    }
  }
}
