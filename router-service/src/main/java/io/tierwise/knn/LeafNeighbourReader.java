package io.tierwise.knn;

import io.tierwise.data.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;

/**
 * Reads the id, source, task and outcomes of documents of one segment from doc values, which decode
 * a handful of hits far faster than stored fields. Doc values iterate forward only, so documents
 * must be read in increasing doc id order; one instance serves one query.
 */
final class LeafNeighbourReader {

  private final Path dir;
  private final BinaryDocValues ids;
  private final BinaryDocValues sources;
  private final BinaryDocValues tasks;
  private final List<String> models;
  private final NumericDocValues[] quality;
  private final NumericDocValues[] cost;
  private final NumericDocValues[] inputTokens;
  private final NumericDocValues[] outputTokens;

  LeafNeighbourReader(Path dir, LeafReader leaf, List<String> models) throws IOException {
    this.dir = dir;
    this.ids = leaf.getBinaryDocValues(MemorySchema.ID);
    this.sources = leaf.getBinaryDocValues(MemorySchema.SOURCE);
    this.tasks = leaf.getBinaryDocValues(MemorySchema.TASK);
    this.models = models;
    int count = models.size();
    this.quality = new NumericDocValues[count];
    this.cost = new NumericDocValues[count];
    this.inputTokens = new NumericDocValues[count];
    this.outputTokens = new NumericDocValues[count];
    for (int m = 0; m < count; m++) {
      String model = models.get(m);
      quality[m] = leaf.getNumericDocValues(MemorySchema.qualityField(model));
      cost[m] = leaf.getNumericDocValues(MemorySchema.costField(model));
      inputTokens[m] = leaf.getNumericDocValues(MemorySchema.inputTokensField(model));
      outputTokens[m] = leaf.getNumericDocValues(MemorySchema.outputTokensField(model));
    }
  }

  /** The document {@code doc} (segment-local, not below any doc read before) as a neighbour. */
  MemoryNeighbour read(int doc, double similarity) throws IOException {
    String id = text(ids, doc, MemorySchema.ID);
    String source = text(sources, doc, MemorySchema.SOURCE);
    String task = text(tasks, doc, MemorySchema.TASK);
    return new MemoryNeighbour(id, source, task, similarity, outcomes(doc));
  }

  /** The outcomes of document {@code doc} for this reader's models. */
  Map<String, Outcome> outcomes(int doc) throws IOException {
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    for (int m = 0; m < quality.length; m++) {
      if (quality[m] == null || !quality[m].advanceExact(doc)) {
        continue;
      }
      outcomes.put(
          models.get(m),
          new Outcome(
              MemorySchema.decode(quality[m].longValue()),
              has(cost[m], doc) ? MemorySchema.decode(cost[m].longValue()) : null,
              has(inputTokens[m], doc) ? inputTokens[m].longValue() : null,
              has(outputTokens[m], doc) ? outputTokens[m].longValue() : null));
    }
    return outcomes;
  }

  private static boolean has(NumericDocValues values, int doc) throws IOException {
    return values != null && values.advanceExact(doc);
  }

  private String text(BinaryDocValues values, int doc, String field) throws IOException {
    if (values == null || !values.advanceExact(doc)) {
      throw new KnnMemoryException(
          "kNN memory at " + dir + " is corrupt: document " + doc + " has no '" + field + "'");
    }
    return values.binaryValue().utf8ToString();
  }
}
