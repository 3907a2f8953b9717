package io.tierwise.bench;

import io.tierwise.artifact.RouterArtifact;
import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.OnnxTextEmbedder;
import io.tierwise.routing.LearnedRouter;
import io.tierwise.routing.RoutingDecision;
import io.tierwise.routing.RoutingRequest;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole routing decision (embed + kNN + classify + policy) through the real {@link
 * LearnedRouter}, beside the embedding alone, in one JMH run on one thread. Both benchmarks share
 * one embedder instance, so their ratio isolates what the router adds on top of the embedding.
 *
 * <p>Run from the repository root after {@code ./tierwise mvn -B -q -o -DskipTests package} with
 * {@code java -cp 'benchmarks/target/benchmarks-*.jar:benchmarks/target/lib/*' org.openjdk.jmh.Main
 * DecisionBenchmark}; {@code -p routerDir=models/other} benchmarks another trained artifact.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dai.djl.offline=true",
      "-DOPT_OUT_TRACKING=true",
      "--enable-native-access=ALL-UNNAMED",
      "--add-modules",
      "jdk.incubator.vector"
    })
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Threads(1)
public class DecisionBenchmark {

  @Param({"models/default"})
  public String routerDir;

  private OnnxTextEmbedder embedder;
  private LearnedRouter router;
  private RoutingRequest request;

  /** The text the router actually embeds (template prefixes stripped), so both sides match. */
  private String embeddingText;

  @Setup(Level.Trial)
  public void open() {
    Path directory = Path.of(routerDir);
    String modelId = RouterArtifact.readManifest(directory).embedder().modelId();
    embedder = OnnxTextEmbedder.open(EmbedderSettings.of(modelId));
    router = LearnedRouter.load(directory, embedder, false);
    request = RoutingRequest.of(EmbedderBenchmark.PROMPT);
    try (RouterArtifact artifact = RouterArtifact.load(directory)) {
      embeddingText = artifact.scorer().embeddingText(EmbedderBenchmark.PROMPT);
    }
    RoutingDecision probe = router.route(request);
    if (probe.failSafe()) {
      throw new IllegalStateException("router fell back to the fail-safe: " + probe.reasons());
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    router.close();
    embedder.close();
  }

  @Benchmark
  public float[] embeddingAlone() {
    return embedder.embed(embeddingText);
  }

  @Benchmark
  public RoutingDecision wholeDecision() {
    return router.route(request);
  }
}
