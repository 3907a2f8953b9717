package io.tierwise.embedding;

import io.tierwise.embedder.TextEmbedder;
import io.tierwise.progress.ProgressLine;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TextEmbedder} that remembers every vector it computed in an append-only file, so that
 * training and evaluation over tens of thousands of prompts embed each prompt once per model. Keys
 * are SHA-256 digests of the text, so the cache never stores prompt text.
 *
 * <p>File layout: records of {@code [32-byte digest][dimension float32 little-endian]}; a truncated
 * last record (from an interrupted run) is ignored and overwritten.
 */
public final class CachedTextEmbedder implements TextEmbedder {

  /**
   * Texts embedded per call to the underlying model; 32 balances padding waste against per-call
   * overhead.
   */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private static final int DIGEST_BYTES = 32;

  private final TextEmbedder delegate;
  private final FileChannel file;
  private final Path path;
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
  private final PrintStream progressOut;
  private final int recordBytes;

  private CachedTextEmbedder(
      TextEmbedder delegate, Path path, FileChannel file, PrintStream progressOut) {
    this.delegate = delegate;
    this.path = path;
    this.file = file;
    this.progressOut = progressOut;
    this.recordBytes = DIGEST_BYTES + Float.BYTES * delegate.dimension();
  }

  /**
   * Opens (or creates) the cache for {@code delegate}'s model under {@code cacheDir}. The cache
   * does not own the delegate's lifecycle beyond {@link #close()}, which closes both.
   *
   * @param progressOut where batch embeddings report progress (use a null stream to stay quiet)
   */
  public static CachedTextEmbedder open(
      TextEmbedder delegate, Path cacheDir, PrintStream progressOut) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(progressOut, "progressOut");
    String runtime = delegate.runtimeId().isEmpty() ? "" : "-" + delegate.runtimeId();
    String fileName =
        (delegate.modelId() + "-" + delegate.dimension() + runtime)
                .replaceAll("[^A-Za-z0-9._-]", "_")
            + ".vec";
    Path path = cacheDir.resolve(fileName);
    try {
      Files.createDirectories(cacheDir);
      FileChannel channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      CachedTextEmbedder cache = new CachedTextEmbedder(delegate, path, channel, progressOut);
      cache.load();
      return cache;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open embedding cache " + path + ": " + e.getMessage(), e);
    }
  }

  private void load() throws IOException {
    long size = file.size();
    long whole = size / recordBytes;
    ByteBuffer record = ByteBuffer.allocate(recordBytes).order(ByteOrder.LITTLE_ENDIAN);
    file.position(0);
    for (long i = 0; i < whole; i++) {
      record.clear();
      while (record.hasRemaining() && file.read(record) >= 0) {}
      record.flip();
      byte[] digest = new byte[DIGEST_BYTES];
      record.get(digest);
      float[] vector = new float[delegate.dimension()];
      record.asFloatBuffer().get(vector);
      vectors.put(HexFormat.of().formatHex(digest), vector);
    }
    // Drop a partial record left by an interrupted run so appends stay aligned.
    file.truncate(whole * recordBytes);
    file.position(whole * recordBytes);
  }

  /** Where the vectors are stored. */
  public Path path() {
    return path;
  }

  /** Vectors currently cached. */
  public int size() {
    return vectors.size();
  }

  @Override
  public String modelId() {
    return delegate.modelId();
  }

  @Override
  public String runtimeId() {
    return delegate.runtimeId();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public float[] embed(String text) {
    return embedAll(List.of(text)).getFirst();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<String> keys = new ArrayList<>(texts.size());
    Map<String, String> missing = new LinkedHashMap<>();
    for (String text : texts) {
      String key = digest(text);
      keys.add(key);
      if (!vectors.containsKey(key)) {
        missing.putIfAbsent(key, text);
      }
    }
    if (!missing.isEmpty()) {
      computeAndStore(List.copyOf(missing.values()), List.copyOf(missing.keySet()));
    }
    List<float[]> result = new ArrayList<>(texts.size());
    for (String key : keys) {
      result.add(vectors.get(key).clone());
    }
    return result;
  }

  private void computeAndStore(List<String> texts, List<String> keys) {
    boolean report = texts.size() > DEFAULT_BATCH_SIZE;
    try (ProgressLine progress =
        report
            ? ProgressLine.start("embedding with " + modelId(), texts.size(), progressOut)
            : ProgressLine.silent("embedding", texts.size())) {
      for (int from = 0; from < texts.size(); from += DEFAULT_BATCH_SIZE) {
        int to = Math.min(texts.size(), from + DEFAULT_BATCH_SIZE);
        List<float[]> batch = delegate.embedAll(texts.subList(from, to));
        append(keys.subList(from, to), batch);
        progress.advance(to - from);
      }
    }
  }

  private synchronized void append(List<String> keys, List<float[]> batch) {
    ByteBuffer buffer =
        ByteBuffer.allocate(recordBytes * keys.size()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < keys.size(); i++) {
      buffer.put(HexFormat.of().parseHex(keys.get(i)));
      for (float value : batch.get(i)) {
        buffer.putFloat(value);
      }
      vectors.put(keys.get(i), batch.get(i));
    }
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        file.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write embedding cache " + path + ": " + e.getMessage(), e);
    }
  }

  private String digest(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close embedding cache " + path, e);
    } finally {
      delegate.close();
    }
  }
}
