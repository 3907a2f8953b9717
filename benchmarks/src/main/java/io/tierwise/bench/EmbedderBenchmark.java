package io.tierwise.bench;

import io.tierwise.embedder.EmbedderSettings;
import io.tierwise.embedder.OnnxTextEmbedder;
import java.util.ArrayList;
import java.util.List;
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
 * Latency of the bundled embedders: one prompt of about 30 tokens, and a list of 32 such prompts.
 * Sample-time mode, so JMH reports the median and p99 along with the mean.
 *
 * <p>Run after {@code ./tierwise mvn -B -q -o -DskipTests package} with {@code java -cp
 * 'benchmarks/target/benchmarks-*.jar:benchmarks/target/lib/*' org.openjdk.jmh.Main
 * EmbedderBenchmark}; add {@code -p intraOpThreads=2} to try more ONNX Runtime threads.
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
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class EmbedderBenchmark {

  /**
   * 31 word pieces with all-MiniLM's and BGE's (identical) vocabulary, [CLS] and [SEP] included.
   */
  static final String PROMPT =
      "Write a Python function that checks whether a string is a palindrome, ignoring punctuation"
          + " and case, and explain its time complexity.";

  /** 23 to 32 word pieces each; numbered below so the 32 texts of a batch all differ. */
  private static final List<String> PROMPTS =
      List.of(
          PROMPT,
          "Explain the difference between TCP and UDP, and give one example application where each"
              + " protocol is the better choice.",
          "Summarise the main causes of the French Revolution in three short bullet points suitable"
              + " for a high school student.",
          "A train leaves at 3pm travelling 80 km/h; another leaves at 4pm at 100 km/h. When does"
              + " the second catch up?",
          "Translate the sentence 'The meeting has been moved to Thursday afternoon' into German and"
              + " French, keeping a formal tone.",
          "What are the side effects of ibuprofen, and when should someone avoid taking it together"
              + " with other medication?",
          "Refactor this SQL query to avoid the correlated subquery and explain why the new version"
              + " is faster on large tables.",
          "Draft a polite email to a landlord asking for the broken heating in my apartment to be"
              + " repaired this week.");

  static final int BATCH_SIZE = 32;

  @Param({"all-minilm-l6-v2-q", "bge-small-en-v15-q"})
  public String model;

  @Param({"1"})
  public int intraOpThreads;

  private OnnxTextEmbedder embedder;
  private List<String> batch;

  @Setup(Level.Trial)
  public void open() {
    embedder = OnnxTextEmbedder.open(new EmbedderSettings(model, intraOpThreads, 0));
    List<String> texts = new ArrayList<>(BATCH_SIZE);
    for (int i = 0; i < BATCH_SIZE; i++) {
      texts.add(PROMPTS.get(i % PROMPTS.size()) + " (" + (i + 1) + ")");
    }
    batch = List.copyOf(texts);
  }

  @TearDown(Level.Trial)
  public void close() {
    embedder.close();
  }

  @Benchmark
  public float[] embedOnePrompt() {
    return embedder.embed(PROMPT);
  }

  @Benchmark
  public List<float[]> embedBatchOf32() {
    return embedder.embedAll(batch);
  }
}
