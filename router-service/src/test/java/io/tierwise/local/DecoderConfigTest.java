package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecoderConfigTest {

  @Test
  void readsLlamaStyleConfig() {
    DecoderConfig config = DecoderConfig.load(TestModels.stories260k().resolve("config.json"));
    assertEquals("llama", config.modelType());
    assertEquals(5, config.numLayers());
    assertEquals(4, config.numKvHeads());
    assertEquals(8, config.headDim());
    assertEquals(512, config.vocabSize());
    assertEquals(512, config.maxPositions());
    assertEquals(OptionalInt.of(1), config.bosTokenId());
    assertEquals(Set.of(2), config.eosTokenIds());
  }

  @Test
  void derivesHeadDimAndKvHeadsAndReadsEosLists() {
    DecoderConfig config =
        DecoderConfig.parse(
            """
            {"num_hidden_layers": 2, "num_attention_heads": 6, "hidden_size": 96,
             "vocab_size": 100, "max_position_embeddings": 32, "eos_token_id": [2, 7]}
            """,
            "inline");
    assertEquals(16, config.headDim());
    assertEquals(6, config.numKvHeads());
    assertEquals(Set.of(2, 7), config.eosTokenIds());
    assertEquals(OptionalInt.empty(), config.bosTokenId());
  }

  @Test
  void errorsNameTheSourceAndKey() {
    LocalModelException missing =
        assertThrows(
            LocalModelException.class,
            () ->
                DecoderConfig.parse(
                    "{\"num_attention_heads\": 2, \"hidden_size\": 8, \"vocab_size\": 10,"
                        + " \"max_position_embeddings\": 8}",
                    "models/x/config.json"));
    assertTrue(missing.getMessage().contains("models/x/config.json"), missing.getMessage());
    assertTrue(missing.getMessage().contains("num_hidden_layers"), missing.getMessage());

    LocalModelException uneven =
        assertThrows(
            LocalModelException.class,
            () ->
                DecoderConfig.parse(
                    "{\"num_hidden_layers\": 1, \"num_attention_heads\": 3, \"hidden_size\": 8,"
                        + " \"vocab_size\": 10, \"max_position_embeddings\": 8}",
                    "c"));
    assertTrue(uneven.getMessage().contains("hidden_size 8"), uneven.getMessage());

    LocalModelException wrongType =
        assertThrows(
            LocalModelException.class,
            () ->
                DecoderConfig.parse(
                    "{\"num_hidden_layers\": \"two\", \"num_attention_heads\": 2, \"hidden_size\":"
                        + " 8, \"vocab_size\": 10, \"max_position_embeddings\": 8}",
                    "c"));
    assertTrue(wrongType.getMessage().contains("\"two\""), wrongType.getMessage());

    assertThrows(LocalModelException.class, () -> DecoderConfig.parse("[1]", "c"));
    assertThrows(LocalModelException.class, () -> DecoderConfig.parse("{", "c"));
  }
}
