package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelAliasesTest {

  @Test
  void mapsSpellingsOfOneModelToOneId() {
    for (String name :
        List.of(
            "mistralai/Mixtral-8x7B-Instruct-v0.1",
            "Mixtral-8x7B-Instruct-v0.1",
            "mistralai/mixtral-8x7b-chat")) {
      assertEquals("mixtral-8x7b-instruct", ModelAliases.canonical(name), name);
    }
    assertEquals("mistral-7b-instruct", ModelAliases.canonical("mistralai/mistral-7b-chat"));
    assertEquals(
        "mistral-7b-instruct", ModelAliases.canonical("mistralai/Mistral-7B-Instruct-v0.1"));
    assertEquals("llama-2-70b-chat", ModelAliases.canonical("meta/llama-2-70b-chat"));
    assertEquals("llama-2-70b-chat", ModelAliases.canonical("Llama-2-70b-chat"));
    assertEquals("claude-1", ModelAliases.canonical("claude-v1"));
    assertEquals("claude-instant-1", ModelAliases.canonical("claude-instant-v1"));
    assertEquals("claude-2", ModelAliases.canonical("claude-v2"));
    assertEquals("claude-2.1", ModelAliases.canonical("claude-2.1"));
    assertEquals("gpt-4-1106-preview", ModelAliases.canonical("gpt-4-1106-preview"));
    assertEquals("yi-34b-chat", ModelAliases.canonical("zero-one-ai/Yi-34B-Chat"));
    assertEquals("openchat-3.5", ModelAliases.canonical("openchat_3.5"));
  }

  @Test
  void keepsDistinctVersionsDistinct() {
    assertEquals("mistral-7b-instruct-v0.2", ModelAliases.canonical("Mistral-7B-Instruct-v0.2"));
    assertEquals("gpt-3.5-turbo", ModelAliases.canonical("gpt-3.5-turbo"));
    assertEquals("gpt-3.5-turbo-1106", ModelAliases.canonical("gpt-3.5-turbo-1106"));
  }

  @Test
  void unknownNamesAreLowerCasedWithoutOrganisation() {
    assertEquals("my-model-v2", ModelAliases.canonical("  Some-Org/My-Model-V2 "));
    assertEquals("vicuna-33b-v1.3", ModelAliases.canonical("lmsys/vicuna-33b-v1.3"));
  }

  @Test
  void isIdempotent() {
    for (String canonical : ModelAliases.aliases().values()) {
      assertEquals(canonical, ModelAliases.canonical(canonical));
      assertFalse(ModelAliases.aliases().containsKey(canonical), canonical);
    }
    for (String variant : ModelAliases.aliases().keySet()) {
      String once = ModelAliases.canonical(variant);
      assertEquals(once, ModelAliases.canonical(once), variant);
    }
  }

  @Test
  void aliasKeysAreNormalised() {
    for (String variant : ModelAliases.aliases().keySet()) {
      assertEquals(variant, variant.strip().toLowerCase(java.util.Locale.ROOT));
      assertFalse(variant.contains("/"), variant);
    }
  }

  @Test
  void rejectsBlankNames() {
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class, () -> ModelAliases.canonical("  "));
    assertTrue(blank.getMessage().contains("must not be blank"), blank.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModelAliases.canonical("org/"));
  }
}
