package io.tierwise.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tierwise.embedder.BundledEmbeddingModel;
import io.tierwise.embedder.EncoderSessionOptions;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where one bundled-embedder inference spends its time, operator by operator, under whichever ONNX
 * Runtime jar is on the class path. It exists to compare ONNX Runtime releases: swapping the jar
 * changes nothing else, so a slower operator shows up directly (1.28.0's LayerNormalization, see
 * {@code benchmarks/results/onnxruntime-versions.md}).
 *
 * <p>Runs the graph on one thread with the session options the embedder uses, first without
 * profiling (latency), then with ONNX Runtime's profiler (per-operator kernel time, which the
 * profiler itself inflates by about a third).
 *
 * <pre>{@code
 * java -cp 'benchmarks/target/benchmarks-*.jar:benchmarks/target/lib/*' \
 *     io.tierwise.bench.OnnxOperatorProfile [model-id] [tokens] [runs]
 * }</pre>
 */
public final class OnnxOperatorProfile {

  private OnnxOperatorProfile() {}

  public static void main(String[] args) throws OrtException, IOException {
    BundledEmbeddingModel model =
        BundledEmbeddingModel.byId(args.length > 0 ? args[0] : "all-minilm-l6-v2-q")
            .orElseThrow(() -> new IllegalArgumentException("unknown bundled model: " + args[0]));
    int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 33;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    byte[] graph = model.graphBytes();
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    System.out.printf(
        "ONNX Runtime %s, %s, %d tokens, %d runs%n",
        environment.getVersion(), model.id(), tokens, runs);

    try (OrtSession.SessionOptions options = EncoderSessionOptions.create(1);
        OrtSession session = environment.createSession(graph, options);
        Inputs inputs = Inputs.random(environment, session, tokens)) {
      long[] nanos = time(session, inputs, runs);
      System.out.printf(
          "latency: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, mean %.3f ms%n",
          percentile(nanos, 0.50), percentile(nanos, 0.90), percentile(nanos, 0.99), mean(nanos));
    }

    Path profileDir = Files.createTempDirectory("tierwise-ort-profile");
    try (OrtSession.SessionOptions options = EncoderSessionOptions.create(1)) {
      options.enableProfiling(profileDir.resolve("ort").toString());
      try (OrtSession session = environment.createSession(graph, options);
          Inputs inputs = Inputs.random(environment, session, tokens)) {
        time(session, inputs, runs / 4);
        Path profile = Path.of(session.endProfiling());
        printOperators(profile);
        Files.deleteIfExists(profile);
      }
    } finally {
      Files.deleteIfExists(profileDir);
    }
  }

  private static long[] time(OrtSession session, Inputs inputs, int runs) throws OrtException {
    for (int i = 0; i < Math.max(50, runs / 5); i++) {
      session.run(inputs.tensors()).close();
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      session.run(inputs.tensors()).close();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  /** Sums the profiler's kernel times by operator type, per run, slowest first. */
  private static void printOperators(Path profile) throws IOException {
    JsonNode events = new ObjectMapper().readTree(profile.toFile());
    Map<String, double[]> byOperator = new LinkedHashMap<>(); // {micros, nodes}
    int modelRuns = 0;
    for (JsonNode event : events) {
      String category = event.path("cat").asText();
      String name = event.path("name").asText();
      if (category.equals("Session") && name.equals("model_run")) {
        modelRuns++;
      } else if (category.equals("Node") && name.endsWith("_kernel_time")) {
        double[] sums =
            byOperator.computeIfAbsent(
                event.path("args").path("op_name").asText("?"), k -> new double[2]);
        sums[0] += event.path("dur").asDouble();
        sums[1]++;
      }
    }
    int perRun = Math.max(1, modelRuns);
    double total = byOperator.values().stream().mapToDouble(s -> s[0]).sum() / perRun;
    System.out.printf("profiled kernel time: %.0f us per run over %d runs%n", total, modelRuns);
    System.out.println("| operator | us per run | nodes | share |");
    System.out.println("|---|---:|---:|---:|");
    byOperator.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
        .limit(12)
        .forEach(
            e ->
                System.out.printf(
                    "| %s | %.1f | %.0f | %.1f%% |%n",
                    e.getKey(),
                    e.getValue()[0] / perRun,
                    e.getValue()[1] / perRun,
                    100 * e.getValue()[0] / perRun / total));
  }

  private static double percentile(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] / 1e6;
  }

  private static double mean(long[] nanos) {
    return Arrays.stream(nanos).average().orElse(0) / 1e6;
  }

  /** One text of random word-piece ids, all attended; the graph's time depends on length only. */
  private record Inputs(Map<String, OnnxTensor> tensors) implements AutoCloseable {

    static Inputs random(OrtEnvironment environment, OrtSession session, int tokens)
        throws OrtException {
      SplittableRandom random = new SplittableRandom(1);
      long[] ids = new long[tokens];
      long[] mask = new long[tokens];
      for (int i = 0; i < tokens; i++) {
        ids[i] = 1000 + random.nextInt(20_000);
        mask[i] = 1;
      }
      long[] shape = {1, tokens};
      Map<String, OnnxTensor> tensors = new HashMap<>();
      tensors.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
      tensors.put(
          "attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
      if (session.getInputNames().contains("token_type_ids")) {
        tensors.put(
            "token_type_ids",
            OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[tokens]), shape));
      }
      return new Inputs(tensors);
    }

    @Override
    public void close() {
      tensors.values().forEach(OnnxTensor::close);
    }
  }
}
