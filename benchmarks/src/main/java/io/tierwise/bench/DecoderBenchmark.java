package io.tierwise.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tierwise.local.DecoderConfig;
import io.tierwise.local.FinishReason;
import io.tierwise.local.Generation;
import io.tierwise.local.GenerationRequest;
import io.tierwise.local.OnnxDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Per-token latency of local greedy generation with {@link OnnxDecoder}, and the same forward steps
 * as bare {@link OrtSession#run} calls (prompt in one call, then one token per call, present
 * tensors fed back as the past), so the cost of the generation loop itself (tokenization,
 * log-softmax, sampling, text assembly, locking) shows as the ratio of the two.
 *
 * <p>Run from the repository root (about 2 minutes) with a JDK 21 or newer, e.g. the one {@code
 * ./tierwise} finds ({@code /usr/lib/jvm/temurin-25-jdk-amd64}) as {@code $JAVA_HOME}:
 *
 * <pre>
 * ./tierwise mvn -B -q -o -pl benchmarks -am package dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-cp.txt -DskipTests
 * $JAVA_HOME/bin/java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
 *     -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-cp.txt)" \
 *     io.tierwise.bench.DecoderBenchmark
 * </pre>
 *
 * <p>It prints tokens/s, µs/token and the loop's overhead per model. Model folders: {@code
 * -Dtierwise.shared.dir} (default {@code ../shared}) for stories260k, {@code
 * -Dtierwise.tinyDecoder.dir} (default {@code router-service/src/test/resources/tiny-decoder}) for
 * the tiny decoder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dai.djl.offline=true",
      "-DOPT_OUT_TRACKING=true",
      "--enable-native-access=ALL-UNNAMED"
    })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecoderBenchmark {

  static final int NEW_TOKENS = 32;
  static final String PROMPT = "Once upon a time";

  @Param({"stories260k", "tiny-decoder"})
  public String model;

  private OnnxDecoder decoder;
  private GenerationRequest request;
  private RawSteps raw;

  @Setup(Level.Trial)
  public void setUp() throws OrtException {
    Path dir = modelDir(model);
    decoder = OnnxDecoder.load(dir);
    request = GenerationRequest.of(PROMPT, NEW_TOKENS);
    Generation reference = decoder.generate(request);
    // The raw baseline replays exactly these tokens, so both sides run the same steps.
    if (reference.finishReason() != FinishReason.LENGTH
        || reference.tokens().size() != NEW_TOKENS) {
      throw new IllegalStateException(
          model + " stopped early: " + reference.finishReason() + " " + reference.tokens().size());
    }
    raw = new RawSteps(dir.resolve("model.onnx"), decoder.config(), decoder.tokenize(PROMPT));
    raw.setTokens(reference.tokenIds());
    float check = raw.run();
    if (!Float.isFinite(check)) {
      throw new IllegalStateException("raw baseline produced non-finite logits");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws OrtException {
    raw.close();
    decoder.close();
  }

  /** Full local generation: {@value #NEW_TOKENS} greedy tokens with logprobs and text. */
  @Benchmark
  @OperationsPerInvocation(NEW_TOKENS)
  public Generation generationLoop() {
    return decoder.generate(request);
  }

  /** The same {@value #NEW_TOKENS} forward steps as bare ONNX Runtime calls. */
  @Benchmark
  @OperationsPerInvocation(NEW_TOKENS)
  public float rawSessionRuns() throws OrtException {
    return raw.run();
  }

  static Path modelDir(String model) {
    Path dir =
        switch (model) {
          case "stories260k" ->
              Path.of(System.getProperty("tierwise.shared.dir", "../shared"), "models", model);
          case "tiny-decoder" ->
              Path.of(
                  System.getProperty(
                      "tierwise.tinyDecoder.dir",
                      "router-service/src/test/resources/tiny-decoder"));
          default -> throw new IllegalArgumentException("unknown model: " + model);
        };
    if (!Files.isRegularFile(dir.resolve("model.onnx"))) {
      throw new IllegalStateException(
          "no model.onnx in " + dir.toAbsolutePath() + " (working dir and -D properties?)");
    }
    return dir;
  }

  /** Forward steps with nothing but ONNX Runtime: direct buffers, presents fed back as past. */
  static final class RawSteps implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final DecoderConfig config;
    private final int promptLength;
    private final LongBuffer sequence;
    private final LongBuffer ones;
    private final LongBuffer positions;
    private final OnnxTensor emptyPast;
    private final boolean hasMask;
    private final boolean hasPositions;
    private final List<String> pastNames = new ArrayList<>();
    private final List<String> presentNames = new ArrayList<>();
    private final Set<String> outputs;
    private final float[] lastRow;
    private int totalLength;

    RawSteps(Path modelFile, DecoderConfig config, long[] prompt) throws OrtException {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        session = env.createSession(modelFile.toString(), options);
      }
      this.config = config;
      this.promptLength = prompt.length;
      int capacity = config.maxPositions();
      sequence = direct(capacity);
      ones = direct(capacity);
      positions = direct(capacity);
      for (int i = 0; i < capacity; i++) {
        ones.put(i, 1);
        positions.put(i, i);
      }
      sequence.put(0, prompt);
      hasMask = session.getInputNames().contains("attention_mask");
      hasPositions = session.getInputNames().contains("position_ids");
      for (int layer = 0; layer < config.numLayers(); layer++) {
        for (String kind : List.of("key", "value")) {
          pastNames.add("past_key_values." + layer + "." + kind);
          presentNames.add("present." + layer + "." + kind);
        }
      }
      Set<String> wanted = new java.util.LinkedHashSet<>(presentNames);
      wanted.add("logits");
      outputs = wanted;
      emptyPast =
          OnnxTensor.createTensor(
              env,
              FloatBuffer.allocate(0),
              new long[] {1, config.numKvHeads(), 0, config.headDim()});
      lastRow = new float[config.vocabSize()];
    }

    void setTokens(int[] generated) {
      for (int i = 0; i < generated.length; i++) {
        sequence.put(promptLength + i, generated[i]);
      }
      // The last generated token is never fed back, as in the generation loop.
      totalLength = promptLength + generated.length - 1;
    }

    float run() throws OrtException {
      OrtSession.Result past = null;
      float sink = 0f;
      int from = 0;
      int to = promptLength;
      try {
        while (to <= totalLength) {
          Map<String, OnnxTensor> feed = new HashMap<>();
          List<OnnxTensor> owned = new ArrayList<>(3);
          int count = to - from;
          owned.add(tensor(sequence.slice(from, count), count));
          feed.put("input_ids", owned.get(0));
          if (hasMask) {
            OnnxTensor mask = tensor(ones.slice(0, to), to);
            owned.add(mask);
            feed.put("attention_mask", mask);
          }
          if (hasPositions) {
            OnnxTensor pos = tensor(positions.slice(from, count), count);
            owned.add(pos);
            feed.put("position_ids", pos);
          }
          for (int i = 0; i < pastNames.size(); i++) {
            feed.put(
                pastNames.get(i),
                past == null ? emptyPast : (OnnxTensor) past.get(presentNames.get(i)).get());
          }
          OrtSession.Result result = session.run(feed, outputs);
          for (OnnxTensor t : owned) {
            t.close();
          }
          if (past != null) {
            past.close();
          }
          past = result;
          FloatBuffer logits = ((OnnxTensor) result.get("logits").get()).getFloatBuffer();
          logits.get((count - 1) * config.vocabSize(), lastRow, 0, config.vocabSize());
          sink += lastRow[0];
          from = to;
          to++;
        }
      } finally {
        if (past != null) {
          past.close();
        }
      }
      return sink;
    }

    private OnnxTensor tensor(LongBuffer values, int length) throws OrtException {
      return OnnxTensor.createTensor(env, values, new long[] {1, length});
    }

    private static LongBuffer direct(int capacity) {
      return ByteBuffer.allocateDirect(capacity * Long.BYTES)
          .order(ByteOrder.nativeOrder())
          .asLongBuffer();
    }

    @Override
    public void close() throws OrtException {
      emptyPast.close();
      session.close();
    }
  }

  /** Runs the benchmark and prints tokens/s, µs/token and the generation loop's overhead. */
  public static void main(String[] args) throws RunnerException {
    List<String> forwarded = new ArrayList<>();
    for (String property : List.of("tierwise.shared.dir", "tierwise.tinyDecoder.dir")) {
      String value = System.getProperty(property);
      if (value != null) {
        forwarded.add("-D" + property + "=" + value);
      }
    }
    Options options =
        new OptionsBuilder()
            .include(DecoderBenchmark.class.getName())
            .jvmArgsAppend(forwarded.toArray(String[]::new))
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Map<String, Double>> byModel = new LinkedHashMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      byModel
          .computeIfAbsent(result.getParams().getParam("model"), m -> new LinkedHashMap<>())
          .put(name, result.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("JMH (same run; benchmarks run one after another)");
    System.out.println("model          loop us/token  loop tokens/s  raw us/token  loop/raw");
    for (Map.Entry<String, Map<String, Double>> entry : byModel.entrySet()) {
      double loop = entry.getValue().get("generationLoop");
      double bare = entry.getValue().get("rawSessionRuns");
      System.out.printf(
          "%-14s %13.1f %14.0f %13.1f %9.3f  (loop adds %.1f%%)%n",
          entry.getKey(), loop, 1e6 / loop, bare, loop / bare, 100 * (loop / bare - 1));
    }
    System.out.println();
    System.out.println(
        "Paired (loop and raw alternate every round, so load from other processes hits both)");
    for (String model : byModel.keySet()) {
      pairedOverhead(model);
    }
  }

  /**
   * The loop/raw ratio from rounds that alternate the two. JMH runs one benchmark after the other,
   * so on a shared machine a change in background load between them shows up as overhead (or as a
   * negative one). Pairing cancels slow drift (median of per-round ratios), and the fastest round
   * of each side approximates its cost without interference (ratio of minimums).
   */
  static void pairedOverhead(String model) {
    int rounds = 60;
    int callsPerRound = 10;
    DecoderBenchmark bench = new DecoderBenchmark();
    bench.model = model;
    try {
      bench.setUp();
      for (int i = 0; i < 300; i++) { // warm up both paths in this JVM
        bench.generationLoop();
        bench.rawSessionRuns();
      }
      double[] ratios = new double[rounds];
      long bestLoop = Long.MAX_VALUE;
      long bestRaw = Long.MAX_VALUE;
      for (int round = 0; round < rounds; round++) {
        long loopNanos = 0;
        long rawNanos = 0;
        for (int order = 0; order < 2; order++) {
          boolean loopTurn = (round + order) % 2 == 0;
          long start = System.nanoTime();
          for (int c = 0; c < callsPerRound; c++) {
            if (loopTurn) {
              bench.generationLoop();
            } else {
              bench.rawSessionRuns();
            }
          }
          long elapsed = System.nanoTime() - start;
          if (loopTurn) {
            loopNanos = elapsed;
          } else {
            rawNanos = elapsed;
          }
        }
        ratios[round] = (double) loopNanos / rawNanos;
        bestLoop = Math.min(bestLoop, loopNanos);
        bestRaw = Math.min(bestRaw, rawNanos);
      }
      java.util.Arrays.sort(ratios);
      double median = ratios[rounds / 2];
      double perToken = 1e-3 / callsPerRound / NEW_TOKENS;
      System.out.printf(
          "%-14s median loop/raw %.3f (quartiles %.3f..%.3f); fastest rounds: loop %.1f us/token"
              + " (%.0f tokens/s), raw %.1f us/token, loop/raw %.3f (loop adds %.1f%%)%n",
          model,
          median,
          ratios[rounds / 4],
          ratios[3 * rounds / 4],
          bestLoop * perToken,
          1e6 / (bestLoop * perToken),
          bestRaw * perToken,
          (double) bestLoop / bestRaw,
          100.0 * ((double) bestLoop / bestRaw - 1));
      bench.tearDown();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
