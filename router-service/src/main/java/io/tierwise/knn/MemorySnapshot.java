package io.tierwise.knn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.Bits;

/**
 * One point-in-time view of a kNN memory: a reader on one commit, with the dimension, model list
 * and priors of that commit. Immutable; reference counted through its reader.
 *
 * @param leafPriors label tallies per segment (keyed by reader, which changes with deletions), so a
 *     refresh recounts only changed segments
 * @param verifiedCores segments (keyed by core) whose checksums were verified
 */
record MemorySnapshot(
    DirectoryReader reader,
    IndexSearcher searcher,
    int dimension,
    List<String> models,
    QualityPriors priors,
    Map<IndexReader.CacheKey, QualityPriors> leafPriors,
    Set<IndexReader.CacheKey> verifiedCores) {

  /**
   * Builds the view of {@code reader}, verifying the checksums of segments not verified before so a
   * corrupt file fails here and not in the middle of a query.
   *
   * @param previous the view {@code reader} was refreshed from, or {@code null}
   */
  static MemorySnapshot load(Path dir, DirectoryReader reader, MemorySnapshot previous)
      throws IOException {
    Map<String, String> userData = reader.getIndexCommit().getUserData();
    int dimension = MemorySchema.dimension(dir, userData);
    List<String> models = MemorySchema.models(dir, userData);
    Map<IndexReader.CacheKey, QualityPriors> leafPriors = new HashMap<>();
    Set<IndexReader.CacheKey> verifiedCores = new HashSet<>();
    QualityPriors priors = QualityPriors.empty();
    for (LeafReaderContext context : reader.leaves()) {
      LeafReader leaf = context.reader();
      IndexReader.CacheKey core = leaf.getCoreCacheHelper().getKey();
      if (previous == null || !previous.verifiedCores.contains(core)) {
        leaf.checkIntegrity();
      }
      verifiedCores.add(core);
      IndexReader.CacheKey key = leaf.getReaderCacheHelper().getKey();
      QualityPriors leafTally = previous == null ? null : previous.leafPriors.get(key);
      if (leafTally == null) {
        leafTally = tally(leaf, models);
      }
      leafPriors.put(key, leafTally);
      priors = priors.plus(leafTally);
    }
    IndexSearcher searcher = new IndexSearcher(reader);
    // Vector queries are never worth caching, and the cache's bookkeeping costs each search time.
    searcher.setQueryCache(null);
    return new MemorySnapshot(
        reader,
        searcher,
        dimension,
        models,
        priors,
        Map.copyOf(leafPriors),
        Set.copyOf(verifiedCores));
  }

  private static QualityPriors tally(LeafReader leaf, List<String> models) throws IOException {
    Bits live = leaf.getLiveDocs();
    Map<String, QualityPriors.Tally> tallies = new HashMap<>();
    for (String model : models) {
      NumericDocValues quality = leaf.getNumericDocValues(MemorySchema.qualityField(model));
      if (quality == null) {
        continue;
      }
      long count = 0;
      double sum = 0;
      for (int doc = quality.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = quality.nextDoc()) {
        if (live == null || live.get(doc)) {
          count++;
          sum += MemorySchema.decode(quality.longValue());
        }
      }
      tallies.put(model, new QualityPriors.Tally(count, sum));
    }
    return new QualityPriors(tallies);
  }
}
