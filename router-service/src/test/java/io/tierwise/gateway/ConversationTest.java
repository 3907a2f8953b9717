package io.tierwise.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ConversationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Conversation of(String messagesJson) throws Exception {
    return Conversation.fromOpenAiMessages(JSON.readTree(messagesJson));
  }

  @Test
  void aLoneUserMessageIsThePromptVerbatim() throws Exception {
    assertEquals(
        "Why is the sky blue?",
        of("[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}]").toPrompt());
  }

  @Test
  void aConversationBecomesRoleTaggedTurnsInOrder() throws Exception {
    Conversation c =
        of(
            """
            [{"role":"system","content":"Be terse."},
             {"role":"user","content":"2+2?"},
             {"role":"assistant","content":null,"tool_calls":[]},
             {"role":"assistant","content":"4"},
             {"role":"user","content":[{"type":"text","text":"And"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"3+3?"}]}]
            """);
    assertEquals(
        "system: Be terse.\n\nuser: 2+2?\n\nassistant: 4\n\nuser: And\n3+3?", c.toPrompt());
    assertEquals("Be terse.\n2+2?\n\n4\nAnd\n3+3?", c.allText());
  }

  @Test
  void malformedMessagesAreRejectedWithTheirIndex() throws Exception {
    JsonNode badRole = JSON.readTree("[{\"role\":\"user\",\"content\":\"a\"},{\"content\":\"b\"}]");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Conversation.fromOpenAiMessages(badRole));
    assertTrue(e.getMessage().contains("messages[1].role"), e.getMessage());
    JsonNode badContent = JSON.readTree("[{\"role\":\"user\",\"content\":42}]");
    assertThrows(IllegalArgumentException.class, () -> Conversation.fromOpenAiMessages(badContent));
    assertThrows(
        IllegalArgumentException.class, () -> Conversation.fromOpenAiMessages(JSON.readTree("[]")));
    assertThrows(IllegalArgumentException.class, () -> Conversation.fromOpenAiMessages(null));
  }

  @Test
  void tokenEstimateIsCeilingOfCodePointsOverFour() {
    assertEquals(0, TokenEstimate.of(""));
    assertEquals(1, TokenEstimate.of("abcd"));
    assertEquals(2, TokenEstimate.of("abcde"));
    assertEquals(1, TokenEstimate.of("\uD83D\uDE00\uD83D\uDE00"), "two emoji are two code points");
  }
}
