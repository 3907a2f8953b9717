package io.tierwise.knn;

import io.tierwise.data.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Read-only, thread-safe searcher over a kNN memory directory: finds the labelled prompts nearest
 * to a query embedding and turns them into {@link KnnFeatures}. {@link #refresh()} picks up prompts
 * a {@link KnnMemoryWriter} committed since.
 */
public final class KnnMemory implements AutoCloseable {

  private final Path dir;
  private final Directory directory;
  private final MemorySnapshots snapshots;
  private final KnnMemoryOptions options;
  private final AtomicBoolean closed = new AtomicBoolean();

  private KnnMemory(
      Path dir, Directory directory, MemorySnapshots snapshots, KnnMemoryOptions options) {
    this.dir = dir;
    this.directory = directory;
    this.snapshots = snapshots;
    this.options = options;
  }

  /** Opens the memory in {@code dir} with {@link KnnMemoryOptions#defaults()}. */
  public static KnnMemory open(Path dir) {
    return open(dir, KnnMemoryOptions.defaults());
  }

  /**
   * Opens the memory in {@code dir}, verifying the checksums of all its files (one sequential read
   * of the index) so a corrupt file fails here rather than in the middle of a query.
   *
   * @throws KnnMemoryException if {@code dir} does not exist, holds no index, is not a Tierwise kNN
   *     memory, or is corrupt
   */
  public static KnnMemory open(Path dir, KnnMemoryOptions options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    if (!Files.isDirectory(dir)) {
      throw new KnnMemoryException(
          "no kNN memory at "
              + dir
              + (Files.exists(dir) ? ": not a directory" : ": directory does not exist"));
    }
    Directory directory = null;
    try {
      directory = FSDirectory.open(dir);
      if (!DirectoryReader.indexExists(directory)) {
        throw new KnnMemoryException(
            "no kNN memory at " + dir + ": the directory holds no Lucene index");
      }
      MemorySnapshots snapshots = new MemorySnapshots(dir, DirectoryReader.open(directory));
      return new KnnMemory(dir, directory, snapshots, options);
    } catch (IOException | RuntimeException e) {
      if (directory != null) {
        try {
          directory.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof KnnMemoryException known) {
        throw known;
      }
      throw new KnnMemoryException("kNN memory at " + dir + " is corrupt or unreadable: " + e, e);
    }
  }

  /**
   * The {@code k} stored prompts most similar to {@code query}, most similar first, with the
   * outcomes of every model in the memory.
   *
   * @param query an L2-normalised embedding of this memory's dimension
   * @throws IllegalArgumentException if the query has the wrong dimension or is not unit length
   */
  public List<MemoryNeighbour> nearest(float[] query, int k) {
    return nearest(query, k, Optional.empty());
  }

  /**
   * Like {@link #nearest(float[], int)}, but never returns the prompt with id {@code excludeId}:
   * leave-one-out neighbours for a prompt that is itself in the memory.
   */
  public List<MemoryNeighbour> nearest(float[] query, int k, Optional<String> excludeId) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(excludeId, "excludeId");
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got: " + k);
    }
    MemorySnapshot snapshot = acquire();
    try {
      MemorySchema.checkVector(query, snapshot.dimension(), dir, "query vector");
      int excluded = excludeId.isPresent() ? liveDoc(snapshot, excludeId.get()) : -1;
      ScoreDoc[] hits = search(snapshot, query, k, excluded);
      return read(snapshot, hits, snapshot.models());
    } catch (IOException e) {
      throw readFailure(e);
    } finally {
      release(snapshot);
    }
  }

  /**
   * Neighbour features of {@code query} with this memory's {@linkplain
   * KnnMemoryOptions#featureSpec() feature spec}.
   *
   * @param models the models to describe, in feature order; models unknown to the memory get
   *     prior-only features
   * @param excludeId the id of the query's own prompt when it is in the memory (training): it is
   *     left out of the neighbours and its labels out of the priors; ignored if not in the memory.
   *     Copies of the same prompt stored under other ids are not excluded: deduplicate the data.
   * @return the features; their neighbours carry the outcomes of the requested models only
   */
  public KnnFeatures features(float[] query, List<String> models, Optional<String> excludeId) {
    return features(query, models, excludeId, options.featureSpec());
  }

  /** Neighbour features of {@code query} computed with {@code spec}. */
  public KnnFeatures features(
      float[] query, List<String> models, Optional<String> excludeId, KnnFeatureSpec spec) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(excludeId, "excludeId");
    Objects.requireNonNull(spec, "spec");
    List<String> requested = List.copyOf(models);
    MemorySnapshot snapshot = acquire();
    try {
      MemorySchema.checkVector(query, snapshot.dimension(), dir, "query vector");
      int excluded = excludeId.isPresent() ? liveDoc(snapshot, excludeId.get()) : -1;
      ScoreDoc[] hits = search(snapshot, query, spec.k(), excluded);
      List<MemoryNeighbour> neighbours = read(snapshot, hits, requested);
      QualityPriors priors = snapshot.priors();
      if (excluded >= 0) {
        priors = priors.without(outcomes(snapshot, excluded, requested));
      }
      return KnnFeatures.of(neighbours, requested, priors, spec);
    } catch (IOException e) {
      throw readFailure(e);
    } finally {
      release(snapshot);
    }
  }

  /**
   * Switches to the memory's latest commit if it changed; queries running meanwhile finish on the
   * view they started with.
   *
   * @return whether a newer commit was found
   * @throws KnnMemoryException if the new commit cannot be read; the old view stays in use
   */
  public boolean refresh() {
    ensureOpen();
    long before = version();
    try {
      snapshots.maybeRefreshBlocking();
    } catch (IOException | RuntimeException e) {
      if (e instanceof KnnMemoryException known) {
        throw known;
      }
      throw new KnnMemoryException("kNN memory at " + dir + ": cannot refresh: " + e, e);
    }
    return version() != before;
  }

  private long version() {
    MemorySnapshot snapshot = acquire();
    try {
      return snapshot.reader().getVersion();
    } finally {
      release(snapshot);
    }
  }

  /** Number of prompts in the current view. */
  public int size() {
    MemorySnapshot snapshot = acquire();
    try {
      return snapshot.reader().numDocs();
    } finally {
      release(snapshot);
    }
  }

  /** Length of every vector in the memory. */
  public int dimension() {
    MemorySnapshot snapshot = acquire();
    try {
      return snapshot.dimension();
    } finally {
      release(snapshot);
    }
  }

  /** Names of the models with outcomes in the current view, sorted. */
  public List<String> models() {
    MemorySnapshot snapshot = acquire();
    try {
      return snapshot.models();
    } finally {
      release(snapshot);
    }
  }

  /** Label statistics of the current view: the priors features are shrunk toward. */
  public QualityPriors priors() {
    MemorySnapshot snapshot = acquire();
    try {
      return snapshot.priors();
    } finally {
      release(snapshot);
    }
  }

  /** The options this memory was opened with. */
  public KnnMemoryOptions options() {
    return options;
  }

  /** The memory's directory. */
  public Path directory() {
    return dir;
  }

  /** Releases the index; safe to call twice; later queries throw {@link IllegalStateException}. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try (directory) {
      snapshots.close();
    } catch (IOException e) {
      throw new KnnMemoryException("kNN memory at " + dir + ": cannot close: " + e, e);
    }
  }

  private ScoreDoc[] search(MemorySnapshot snapshot, float[] query, int k, int excluded)
      throws IOException {
    int wanted = excluded >= 0 ? k + 1 : k;
    int candidates = Math.max(wanted, options.minCandidates());
    TopDocs top =
        snapshot
            .searcher()
            .search(new KnnFloatVectorQuery(MemorySchema.VECTOR, query, candidates), candidates);
    ScoreDoc[] hits = new ScoreDoc[Math.min(k, top.scoreDocs.length)];
    int count = 0;
    for (ScoreDoc hit : top.scoreDocs) {
      if (count == hits.length) {
        break;
      }
      if (hit.doc != excluded) {
        hits[count++] = hit;
      }
    }
    return count == hits.length ? hits : Arrays.copyOf(hits, count);
  }

  /** Reads the hits' neighbours in doc id order, as doc values require, keeping rank order. */
  private List<MemoryNeighbour> read(MemorySnapshot snapshot, ScoreDoc[] hits, List<String> models)
      throws IOException {
    Integer[] byDoc = new Integer[hits.length];
    for (int i = 0; i < byDoc.length; i++) {
      byDoc[i] = i;
    }
    Arrays.sort(byDoc, (a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
    List<LeafReaderContext> leaves = snapshot.reader().leaves();
    MemoryNeighbour[] neighbours = new MemoryNeighbour[hits.length];
    LeafNeighbourReader leafReader = null;
    int leafIndex = -1;
    for (int rank : byDoc) {
      int leaf = ReaderUtil.subIndex(hits[rank].doc, leaves);
      if (leaf != leafIndex) {
        leafReader = new LeafNeighbourReader(dir, leaves.get(leaf).reader(), models);
        leafIndex = leaf;
      }
      double similarity = MemorySchema.cosineFromScore(hits[rank].score);
      neighbours[rank] = leafReader.read(hits[rank].doc - leaves.get(leaf).docBase, similarity);
    }
    return List.of(neighbours);
  }

  private Map<String, Outcome> outcomes(MemorySnapshot snapshot, int doc, List<String> models)
      throws IOException {
    List<LeafReaderContext> leaves = snapshot.reader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    return new LeafNeighbourReader(dir, leaf.reader(), models).outcomes(doc - leaf.docBase);
  }

  /** The live document with {@code id}, or -1; ids are unique because the writer replaces. */
  private static int liveDoc(MemorySnapshot snapshot, String id) throws IOException {
    BytesRef term = new BytesRef(id);
    for (LeafReaderContext leaf : snapshot.reader().leaves()) {
      Terms terms = leaf.reader().terms(MemorySchema.ID);
      if (terms == null) {
        continue;
      }
      TermsEnum termsEnum = terms.iterator();
      if (!termsEnum.seekExact(term)) {
        continue;
      }
      PostingsEnum postings = termsEnum.postings(null, PostingsEnum.NONE);
      Bits live = leaf.reader().getLiveDocs();
      for (int doc = postings.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        if (live == null || live.get(doc)) {
          return leaf.docBase + doc;
        }
      }
    }
    return -1;
  }

  private MemorySnapshot acquire() {
    ensureOpen();
    try {
      return snapshots.acquire();
    } catch (AlreadyClosedException e) {
      throw new IllegalStateException("kNN memory at " + dir + " is closed", e);
    } catch (IOException e) {
      throw readFailure(e);
    }
  }

  private void release(MemorySnapshot snapshot) {
    try {
      snapshots.release(snapshot);
    } catch (IOException e) {
      throw readFailure(e);
    }
  }

  private KnnMemoryException readFailure(IOException e) {
    return new KnnMemoryException("kNN memory at " + dir + ": read failed: " + e, e);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("kNN memory at " + dir + " is closed");
    }
  }
}
