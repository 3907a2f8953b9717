package io.tierwise.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The dimensions of a decoder-only model that the runtime needs, read from a HuggingFace {@code
 * config.json}.
 *
 * @param modelType {@code model_type}, e.g. {@code llama}; informational
 * @param numLayers {@code num_hidden_layers}: one past key and value input per layer
 * @param numKvHeads {@code num_key_value_heads}, defaulting to {@code num_attention_heads} (no
 *     grouped-query attention)
 * @param headDim {@code head_dim}, defaulting to {@code hidden_size / num_attention_heads}
 * @param vocabSize {@code vocab_size}: the width of the logits
 * @param maxPositions {@code max_position_embeddings}: the context length
 * @param bosTokenId {@code bos_token_id}, if given
 * @param eosTokenIds {@code eos_token_id} (a number or a list), empty if absent
 */
public record DecoderConfig(
    String modelType,
    int numLayers,
    int numKvHeads,
    int headDim,
    int vocabSize,
    int maxPositions,
    OptionalInt bosTokenId,
    Set<Integer> eosTokenIds) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public DecoderConfig {
    Objects.requireNonNull(modelType, "modelType");
    requirePositive("numLayers", numLayers);
    requirePositive("numKvHeads", numKvHeads);
    requirePositive("headDim", headDim);
    requirePositive("vocabSize", vocabSize);
    requirePositive("maxPositions", maxPositions);
    Objects.requireNonNull(bosTokenId, "bosTokenId");
    eosTokenIds = Set.copyOf(Objects.requireNonNull(eosTokenIds, "eosTokenIds"));
  }

  /** Reads {@code config.json}; every problem is reported with the file and key. */
  public static DecoderConfig load(Path configJson) {
    Objects.requireNonNull(configJson, "configJson");
    String text;
    try {
      text = Files.readString(configJson);
    } catch (IOException e) {
      throw new LocalModelException("cannot read model config " + configJson + ": " + e, e);
    }
    return parse(text, configJson.toString());
  }

  /**
   * Parses the text of a {@code config.json}.
   *
   * @param source names the text in error messages, e.g. its path
   */
  public static DecoderConfig parse(String json, String source) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(source, "source");
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new LocalModelException("model config " + source + " is not valid JSON: " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new LocalModelException("model config " + source + " must be a JSON object");
    }
    int heads = requiredInt(root, "num_attention_heads", source);
    int headDim;
    if (root.hasNonNull("head_dim")) {
      headDim = requiredInt(root, "head_dim", source);
    } else {
      int hidden = requiredInt(root, "hidden_size", source);
      if (hidden % heads != 0) {
        throw new LocalModelException(
            "model config "
                + source
                + ": hidden_size "
                + hidden
                + " is not a multiple of num_attention_heads "
                + heads
                + " and no head_dim is given");
      }
      headDim = hidden / heads;
    }
    int kvHeads =
        root.hasNonNull("num_key_value_heads")
            ? requiredInt(root, "num_key_value_heads", source)
            : heads;
    OptionalInt bos =
        root.hasNonNull("bos_token_id")
            ? OptionalInt.of(requiredInt(root, "bos_token_id", source))
            : OptionalInt.empty();
    return new DecoderConfig(
        root.path("model_type").asText(""),
        requiredInt(root, "num_hidden_layers", source),
        kvHeads,
        headDim,
        requiredInt(root, "vocab_size", source),
        requiredInt(root, "max_position_embeddings", source),
        bos,
        eosIds(root, source));
  }

  private static Set<Integer> eosIds(JsonNode root, String source) {
    JsonNode eos = root.get("eos_token_id");
    Set<Integer> ids = new LinkedHashSet<>();
    if (eos == null || eos.isNull()) {
      return ids;
    }
    if (eos.isArray()) {
      for (JsonNode id : eos) {
        ids.add(nonNegativeInt(id, "eos_token_id", source));
      }
    } else {
      ids.add(nonNegativeInt(eos, "eos_token_id", source));
    }
    return ids;
  }

  private static int requiredInt(JsonNode root, String key, String source) {
    JsonNode node = root.get(key);
    if (node == null || node.isNull()) {
      throw new LocalModelException("model config " + source + " has no '" + key + "'");
    }
    int value = nonNegativeInt(node, key, source);
    if (value == 0 && !key.endsWith("_token_id")) {
      throw new LocalModelException("model config " + source + ": '" + key + "' must be > 0");
    }
    return value;
  }

  private static int nonNegativeInt(JsonNode node, String key, String source) {
    if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 0) {
      throw new LocalModelException(
          "model config "
              + source
              + ": '"
              + key
              + "' must be a non-negative integer, got: "
              + node);
    }
    return node.intValue();
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got: " + value);
    }
  }
}
