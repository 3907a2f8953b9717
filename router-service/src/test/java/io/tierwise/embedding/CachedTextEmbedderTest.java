package io.tierwise.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tierwise.embedder.TextEmbedder;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedTextEmbedderTest {

  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  /** Deterministic 3-d vectors derived from the text, counting how many texts reach the model. */
  static class CountingEmbedder implements TextEmbedder {
    final AtomicInteger embedded = new AtomicInteger();

    @Override
    public String modelId() {
      return "counting/test";
    }

    @Override
    public int dimension() {
      return 3;
    }

    @Override
    public float[] embed(String text) {
      embedded.incrementAndGet();
      return new float[] {text.length(), text.hashCode() % 7, 1f};
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      return texts.stream().map(this::embed).toList();
    }

    @Override
    public void close() {}
  }

  @Test
  void embedsEachDistinctTextOnceAcrossReopens(@TempDir Path dir) {
    CountingEmbedder model = new CountingEmbedder();
    List<String> texts = List.of("alpha", "beta", "alpha", "gamma");
    List<float[]> first;
    try (CachedTextEmbedder cache = CachedTextEmbedder.open(model, dir, QUIET)) {
      first = cache.embedAll(texts);
      assertEquals(3, model.embedded.get());
      assertArrayEquals(first.get(0), first.get(2));
    }
    CountingEmbedder again = new CountingEmbedder();
    try (CachedTextEmbedder cache = CachedTextEmbedder.open(again, dir, QUIET)) {
      assertEquals(3, cache.size());
      List<float[]> second = cache.embedAll(texts);
      assertEquals(0, again.embedded.get());
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(first.get(i), second.get(i));
      }
      assertArrayEquals(model.embed("delta"), cache.embed("delta"));
      assertEquals(1, again.embedded.get());
    }
  }

  @Test
  void keepsVectorsOfAnotherRuntimeApart(@TempDir Path dir) {
    class RuntimeEmbedder extends CountingEmbedder {
      private final String runtime;

      RuntimeEmbedder(String runtime) {
        this.runtime = runtime;
      }

      @Override
      public String runtimeId() {
        return runtime;
      }
    }
    RuntimeEmbedder older = new RuntimeEmbedder("onnxruntime-1.28.0");
    try (CachedTextEmbedder cache = CachedTextEmbedder.open(older, dir, QUIET)) {
      cache.embedAll(List.of("alpha", "beta"));
      assertEquals("counting_test-3-onnxruntime-1.28.0.vec", cache.path().getFileName().toString());
    }
    RuntimeEmbedder newer = new RuntimeEmbedder("onnxruntime-1.26.0");
    try (CachedTextEmbedder cache = CachedTextEmbedder.open(newer, dir, QUIET)) {
      assertEquals(0, cache.size());
      cache.embed("alpha");
      assertEquals(1, newer.embedded.get());
    }
  }

  @Test
  void ignoresATruncatedLastRecord(@TempDir Path dir) throws Exception {
    Path file;
    try (CachedTextEmbedder cache = CachedTextEmbedder.open(new CountingEmbedder(), dir, QUIET)) {
      cache.embedAll(List.of("one", "two"));
      file = cache.path();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 5);
    }
    CountingEmbedder model = new CountingEmbedder();
    try (CachedTextEmbedder cache = CachedTextEmbedder.open(model, dir, QUIET)) {
      assertEquals(1, cache.size());
      cache.embedAll(List.of("one", "two"));
      assertEquals(1, model.embedded.get());
    }
  }
}
