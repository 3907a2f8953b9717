package io.tierwise.knn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.NumericUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * The on-disk layout of a kNN memory: field names, value encodings and the commit user data keys
 * that make a Lucene index a Tierwise kNN memory. Writer and reader share it so they cannot drift.
 */
final class MemorySchema {

  /** Bumped on any incompatible layout change; readers refuse other versions. */
  static final String FORMAT_VERSION = "1";

  static final String USER_DATA_FORMAT = "tierwise.knn.format";
  static final String USER_DATA_DIMENSION = "tierwise.knn.dimension";
  static final String USER_DATA_MODELS = "tierwise.knn.models";

  static final String VECTOR = "vector";
  static final String ID = "id";
  static final String SOURCE = "source";
  static final String TASK = "task";

  /**
   * Vectors are L2-normalised, so the dot product equals the cosine; DOT_PRODUCT skips the two norm
   * computations COSINE does per comparison. Lucene scores it as {@code (1 + dot) / 2}.
   */
  static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

  /** Norms further than this from 1 are rejected: DOT_PRODUCT is only a cosine on unit vectors. */
  static final double UNIT_NORM_TOLERANCE = 1e-2;

  private static final String QUALITY_PREFIX = "outcome.quality:";
  private static final String COST_PREFIX = "outcome.cost_usd:";
  private static final String INPUT_TOKENS_PREFIX = "outcome.input_tokens:";
  private static final String OUTPUT_TOKENS_PREFIX = "outcome.output_tokens:";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MemorySchema() {}

  static String qualityField(String model) {
    return QUALITY_PREFIX + model;
  }

  static String costField(String model) {
    return COST_PREFIX + model;
  }

  static String inputTokensField(String model) {
    return INPUT_TOKENS_PREFIX + model;
  }

  static String outputTokensField(String model) {
    return OUTPUT_TOKENS_PREFIX + model;
  }

  /** Doubles are stored as sortable longs so doc values compress repeated qualities (0/1) well. */
  static long encode(double value) {
    return NumericUtils.doubleToSortableLong(value);
  }

  static double decode(long stored) {
    return NumericUtils.sortableLongToDouble(stored);
  }

  /** Lucene's DOT_PRODUCT score back to the cosine similarity, clamped against float rounding. */
  static double cosineFromScore(float score) {
    return Math.max(-1.0, Math.min(1.0, 2.0 * score - 1.0));
  }

  static Map<String, String> userData(int dimension, Collection<String> models) {
    Map<String, String> data = new HashMap<>();
    data.put(USER_DATA_FORMAT, FORMAT_VERSION);
    data.put(USER_DATA_DIMENSION, Integer.toString(dimension));
    try {
      data.put(USER_DATA_MODELS, JSON.writeValueAsString(List.copyOf(models)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode model names " + models, e);
    }
    return data;
  }

  /** Checks the commit user data marks a Tierwise kNN memory of a readable format. */
  static void checkFormat(Path dir, Map<String, String> userData) {
    String format = userData.get(USER_DATA_FORMAT);
    if (format == null) {
      throw new KnnMemoryException(
          "not a Tierwise kNN memory: "
              + dir
              + " is a Lucene index without commit user data '"
              + USER_DATA_FORMAT
              + "'");
    }
    if (!FORMAT_VERSION.equals(format)) {
      throw new KnnMemoryException(
          "kNN memory at "
              + dir
              + " has format version "
              + format
              + " but this build reads version "
              + FORMAT_VERSION);
    }
  }

  static int dimension(Path dir, Map<String, String> userData) {
    checkFormat(dir, userData);
    String value = userData.get(USER_DATA_DIMENSION);
    try {
      int dimension = Integer.parseInt(value);
      if (dimension < 1) {
        throw new NumberFormatException("not positive");
      }
      return dimension;
    } catch (NumberFormatException e) {
      throw new KnnMemoryException(
          "kNN memory at "
              + dir
              + " has an invalid dimension in commit user data '"
              + USER_DATA_DIMENSION
              + "': "
              + value,
          e);
    }
  }

  static List<String> models(Path dir, Map<String, String> userData) {
    checkFormat(dir, userData);
    String value = userData.get(USER_DATA_MODELS);
    if (value == null) {
      throw new KnnMemoryException(
          "kNN memory at " + dir + " lacks commit user data '" + USER_DATA_MODELS + "'");
    }
    try {
      return List.copyOf(JSON.readValue(value, new TypeReference<List<String>>() {}));
    } catch (JsonProcessingException | NullPointerException e) {
      throw new KnnMemoryException(
          "kNN memory at "
              + dir
              + " has an invalid model list in commit user data '"
              + USER_DATA_MODELS
              + "': "
              + value,
          e);
    }
  }

  /**
   * Rejects vectors the index cannot hold as a cosine: wrong length, non-finite values, or not unit
   * length.
   *
   * @param what names the vector in messages, e.g. {@code "query vector"}
   */
  static void checkVector(float[] vector, int dimension, Path dir, String what) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          what
              + " has dimension "
              + vector.length
              + " but the kNN memory at "
              + dir
              + " has dimension "
              + dimension);
    }
    for (float value : vector) {
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException(what + " contains a non-finite value: " + value);
      }
    }
    double norm = Math.sqrt(VectorUtil.dotProduct(vector, vector));
    if (Math.abs(norm - 1.0) > UNIT_NORM_TOLERANCE) {
      throw new IllegalArgumentException(
          what + " must be L2-normalised (norm 1, the embedder's contract), got norm: " + norm);
    }
  }
}
