package io.tierwise.embedder;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Pooling and default max length of a {@link ModelDirectory}, from {@value
 * ModelDirectory#CONFIG_FILE}, else from the sentence-transformers files an export may keep, else
 * defaults.
 *
 * @param pooling how the model's token states become a sentence vector
 * @param maxLength tokens kept when the settings ask for the model default
 */
record ModelDirectoryConfig(Pooling pooling, int maxLength) {

  static final String SENTENCE_TRANSFORMERS_POOLING = "1_Pooling/config.json";
  static final String SENTENCE_TRANSFORMERS_CONFIG = "sentence_bert_config.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CONFIG_KEYS = List.of("pooling", "maxLength");

  ModelDirectoryConfig {
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2, got: " + maxLength);
    }
  }

  static ModelDirectoryConfig read(Path directory) {
    Path own = directory.resolve(ModelDirectory.CONFIG_FILE);
    Pooling pooling = null;
    Integer maxLength = null;
    if (Files.exists(own)) {
      JsonNode root = readObject(own);
      for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!CONFIG_KEYS.contains(key)) {
          throw new EmbeddingModelException(
              "unknown key '" + key + "' in " + own + "; allowed keys are " + CONFIG_KEYS);
        }
      }
      if (root.has("pooling")) {
        pooling = parsePooling(own, root.get("pooling"));
      }
      if (root.has("maxLength")) {
        maxLength = parseMaxLength(own, root.get("maxLength"), "maxLength");
      }
    }
    if (pooling == null) {
      pooling = sentenceTransformersPooling(directory.resolve(SENTENCE_TRANSFORMERS_POOLING));
    }
    if (maxLength == null) {
      Path config = directory.resolve(SENTENCE_TRANSFORMERS_CONFIG);
      if (Files.exists(config)) {
        JsonNode length = readObject(config).get("max_seq_length");
        if (length != null && !length.isNull()) {
          maxLength = parseMaxLength(config, length, "max_seq_length");
        }
      }
    }
    return new ModelDirectoryConfig(
        pooling == null ? Pooling.MEAN : pooling,
        maxLength == null ? ModelDirectory.DEFAULT_MAX_LENGTH : maxLength);
  }

  private static Pooling sentenceTransformersPooling(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode root = readObject(file);
    if (root.path("pooling_mode_cls_token").asBoolean(false)) {
      return Pooling.CLS;
    }
    if (root.path("pooling_mode_mean_tokens").asBoolean(false)) {
      return Pooling.MEAN;
    }
    throw new EmbeddingModelException(
        "unsupported pooling in "
            + file
            + " (only mean and cls are implemented); set \"pooling\" in "
            + ModelDirectory.CONFIG_FILE
            + " to override");
  }

  private static Pooling parsePooling(Path file, JsonNode value) {
    if (!value.isTextual()) {
      throw new EmbeddingModelException(
          "\"pooling\" in " + file + " must be \"mean\" or \"cls\", got: " + value);
    }
    try {
      return Pooling.parse(value.asText());
    } catch (IllegalArgumentException e) {
      throw new EmbeddingModelException("bad \"pooling\" in " + file + ": " + e.getMessage(), e);
    }
  }

  private static int parseMaxLength(Path file, JsonNode value, String key) {
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 2) {
      throw new EmbeddingModelException(
          "\"" + key + "\" in " + file + " must be an integer of at least 2, got: " + value);
    }
    return value.asInt();
  }

  private static JsonNode readObject(Path file) {
    try {
      JsonNode root = JSON.readTree(ModelArtifacts.readFile(file, "model config"));
      if (root == null || !root.isObject()) {
        throw new EmbeddingModelException("model config " + file + " must hold a JSON object");
      }
      return root;
    } catch (JacksonException e) {
      throw new EmbeddingModelException(
          "model config " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new EmbeddingModelException("cannot read model config " + file + ": " + e, e);
    }
  }
}
