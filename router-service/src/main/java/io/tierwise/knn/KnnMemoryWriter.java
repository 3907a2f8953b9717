package io.tierwise.knn;

import io.tierwise.data.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;

/**
 * Adds labelled prompt embeddings and their per-model outcomes to a kNN memory directory. Safe for
 * concurrent use; readers see added prompts after {@link #commit()} and their own {@link
 * KnnMemory#refresh()}.
 *
 * <p>Each prompt is one Lucene document: the vector ({@code KnnFloatVectorField}, DOT_PRODUCT), the
 * id (indexed for replace/delete, stored, and as binary doc values for fast reads), source and task
 * (indexed and binary doc values), and per model numeric doc values for quality, cost and token
 * counts. The dimension and the names of all models ever added are kept in the commit user data, so
 * a reader knows them without scanning.
 */
public final class KnnMemoryWriter implements AutoCloseable {

  /**
   * Large enough that a bulk build of tens of thousands of prompts flushes one segment, so the
   * final force-merge has little HNSW graph merging left to do.
   */
  private static final double DEFAULT_RAM_BUFFER_MB = 256;

  private final Path dir;
  private final Directory directory;
  private final IndexWriter writer;
  private final int dimension;
  private final Set<String> models;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KnnMemoryWriter(
      Path dir, Directory directory, IndexWriter writer, int dimension, List<String> models) {
    this.dir = dir;
    this.directory = directory;
    this.writer = writer;
    this.dimension = dimension;
    this.models = new ConcurrentSkipListSet<>(models);
    // Lucene reads this view at every commit (including the one in close()), so the recorded model
    // list is always the one that matches the committed documents.
    writer.setLiveCommitData(
        () -> MemorySchema.userData(this.dimension, this.models).entrySet().iterator());
  }

  /**
   * Creates an empty kNN memory in {@code dir} (creating the directory if needed) and commits it,
   * so it can be opened before anything is added.
   *
   * @throws KnnMemoryException if {@code dir} already holds an index, or cannot be written
   * @throws IllegalArgumentException if {@code dimension} is not in [1, the codec's maximum]
   */
  public static KnnMemoryWriter create(Path dir, int dimension) {
    Objects.requireNonNull(dir, "dir");
    int maxDimension = Codec.getDefault().knnVectorsFormat().getMaxDimensions(MemorySchema.VECTOR);
    if (dimension < 1 || dimension > maxDimension) {
      throw new IllegalArgumentException(
          "dimension must be in [1, " + maxDimension + "], got: " + dimension);
    }
    Directory directory = null;
    try {
      Files.createDirectories(dir);
      directory = FSDirectory.open(dir);
      if (DirectoryReader.indexExists(directory)) {
        throw new KnnMemoryException(
            "an index already exists at "
                + dir
                + "; append to it with KnnMemoryWriter.openForAppend or delete the directory first");
      }
      IndexWriter writer =
          new IndexWriter(directory, config().setOpenMode(IndexWriterConfig.OpenMode.CREATE));
      try {
        writer.setLiveCommitData(MemorySchema.userData(dimension, List.of()).entrySet());
        writer.commit();
      } catch (IOException | RuntimeException e) {
        writer.rollback();
        throw e;
      }
      return new KnnMemoryWriter(dir, directory, writer, dimension, List.of());
    } catch (IOException | RuntimeException e) {
      closeQuietly(directory, e);
      throw translate(dir, "create it", e);
    }
  }

  /**
   * Opens an existing kNN memory to add more prompts; the dimension and model list come from its
   * last commit.
   *
   * @throws KnnMemoryException if {@code dir} holds no kNN memory, is corrupt, or is locked by
   *     another writer
   */
  public static KnnMemoryWriter openForAppend(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new KnnMemoryException("no kNN memory at " + dir + ": directory does not exist");
    }
    Directory directory = null;
    try {
      directory = FSDirectory.open(dir);
      if (!DirectoryReader.indexExists(directory)) {
        throw new KnnMemoryException("no kNN memory at " + dir + ": no Lucene index found");
      }
      Map<String, String> userData = SegmentInfos.readLatestCommit(directory).getUserData();
      int dimension = MemorySchema.dimension(dir, userData);
      List<String> models = MemorySchema.models(dir, userData);
      IndexWriter writer =
          new IndexWriter(directory, config().setOpenMode(IndexWriterConfig.OpenMode.APPEND));
      return new KnnMemoryWriter(dir, directory, writer, dimension, models);
    } catch (IOException | RuntimeException e) {
      closeQuietly(directory, e);
      throw translate(dir, "open it for appending", e);
    }
  }

  private static IndexWriterConfig config() {
    // Compound files save file handles for many small segments; a memory has a few large ones,
    // and separate files let each be memory-mapped and checksummed on its own.
    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    mergePolicy.setNoCFSRatio(0.0);
    return new IndexWriterConfig()
        .setRAMBufferSizeMB(DEFAULT_RAM_BUFFER_MB)
        .setUseCompoundFile(false)
        .setMergePolicy(mergePolicy);
  }

  /**
   * Adds one labelled prompt, replacing any prompt with the same id.
   *
   * @param id the prompt's id, unique within the memory
   * @param source dataset the prompt comes from
   * @param task finer task label within the source
   * @param vector the prompt's L2-normalised embedding, of this memory's dimension
   * @param outcomes per model name, how that model did; models without a label are absent
   * @throws IllegalArgumentException for a blank id or model name, or a vector of the wrong
   *     dimension or not of unit length
   */
  public void add(
      String id, String source, String task, float[] vector, Map<String, Outcome> outcomes) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(outcomes, "outcomes");
    ensureOpen();
    if (id.isBlank()) {
      throw new IllegalArgumentException("prompt id must not be blank");
    }
    MemorySchema.checkVector(vector, dimension, dir, "vector of prompt '" + id + "'");
    Document document = new Document();
    document.add(new KnnFloatVectorField(MemorySchema.VECTOR, vector, MemorySchema.SIMILARITY));
    document.add(new StringField(MemorySchema.ID, id, Field.Store.YES));
    document.add(new BinaryDocValuesField(MemorySchema.ID, new BytesRef(id)));
    document.add(new StringField(MemorySchema.SOURCE, source, Field.Store.NO));
    document.add(new BinaryDocValuesField(MemorySchema.SOURCE, new BytesRef(source)));
    document.add(new StringField(MemorySchema.TASK, task, Field.Store.NO));
    document.add(new BinaryDocValuesField(MemorySchema.TASK, new BytesRef(task)));
    for (Map.Entry<String, Outcome> entry : outcomes.entrySet()) {
      String model = Objects.requireNonNull(entry.getKey(), "model name");
      Outcome outcome = Objects.requireNonNull(entry.getValue(), "outcome of " + model);
      if (model.isBlank()) {
        throw new IllegalArgumentException("model name must not be blank (prompt '" + id + "')");
      }
      addOutcome(document, model, outcome);
    }
    try {
      writer.updateDocument(new Term(MemorySchema.ID, id), document);
    } catch (IOException | RuntimeException e) {
      throw translate(dir, "add prompt '" + id + "'", e);
    }
    models.addAll(outcomes.keySet());
  }

  private static void addOutcome(Document document, String model, Outcome outcome) {
    document.add(
        new NumericDocValuesField(
            MemorySchema.qualityField(model), MemorySchema.encode(outcome.quality())));
    if (outcome.costUsd() != null) {
      document.add(
          new NumericDocValuesField(
              MemorySchema.costField(model), MemorySchema.encode(outcome.costUsd())));
    }
    if (outcome.inputTokens() != null) {
      document.add(
          new NumericDocValuesField(MemorySchema.inputTokensField(model), outcome.inputTokens()));
    }
    if (outcome.outputTokens() != null) {
      document.add(
          new NumericDocValuesField(MemorySchema.outputTokensField(model), outcome.outputTokens()));
    }
  }

  /** Removes the prompt with this id, if present; takes effect at the next commit. */
  public void delete(String id) {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    try {
      writer.deleteDocuments(new Term(MemorySchema.ID, id));
    } catch (IOException | RuntimeException e) {
      throw translate(dir, "delete prompt '" + id + "'", e);
    }
  }

  /**
   * Makes everything added so far durable and visible to readers that refresh. A commit syncs files
   * to disk, so batch appends rather than committing each prompt.
   */
  public void commit() {
    ensureOpen();
    try {
      writer.commit();
    } catch (IOException | RuntimeException e) {
      throw translate(dir, "commit", e);
    }
  }

  /**
   * Merges the memory into a single segment (one HNSW graph, so a query searches one graph) and
   * commits. Call once after a bulk build; it rewrites the whole index.
   */
  public void forceMerge() {
    ensureOpen();
    try {
      writer.forceMerge(1);
      writer.commit();
    } catch (IOException | RuntimeException e) {
      throw translate(dir, "force-merge", e);
    }
  }

  /** Length of every vector in this memory. */
  public int dimension() {
    return dimension;
  }

  /** Names of all models that have outcomes in this memory, sorted. */
  public List<String> models() {
    return List.copyOf(models);
  }

  /** The memory's directory. */
  public Path directory() {
    return dir;
  }

  /** Commits what was added and releases the index; safe to call twice. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try (directory) {
      writer.close();
    } catch (IOException | RuntimeException e) {
      throw translate(dir, "close", e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("kNN memory writer for " + dir + " is closed");
    }
  }

  private static KnnMemoryException translate(Path dir, String action, Exception e) {
    if (e instanceof KnnMemoryException known) {
      return known;
    }
    if (e instanceof LockObtainFailedException) {
      return new KnnMemoryException(
          "kNN memory at " + dir + ": cannot " + action + ": it is locked by another writer", e);
    }
    return new KnnMemoryException("kNN memory at " + dir + ": cannot " + action + ": " + e, e);
  }

  private static void closeQuietly(Directory directory, Exception failure) {
    if (directory == null) {
      return;
    }
    try {
      directory.close();
    } catch (IOException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }
}
