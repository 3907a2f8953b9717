package io.tierwise.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A chat conversation reduced to text, and the one place that decides how a conversation becomes
 * the prompt the router scores (shared by the gateway and the route API).
 *
 * @param turns the messages in order
 */
public record Conversation(List<Turn> turns) {

  public Conversation {
    turns = List.copyOf(Objects.requireNonNull(turns, "turns"));
    if (turns.isEmpty()) {
      throw new IllegalArgumentException("a conversation needs at least one message");
    }
  }

  /**
   * One message's text.
   *
   * @param role {@code system}, {@code user}, {@code assistant}, {@code tool}, ...
   * @param text the message's text parts joined by newlines (empty for e.g. a pure tool call)
   */
  public record Turn(String role, String text) {
    public Turn {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Reads an OpenAI {@code messages} array. Content may be a string or an array of parts, of which
   * only {@code text} parts are kept (images and audio carry no text to route on).
   *
   * @throws IllegalArgumentException naming the index of a malformed message
   */
  public static Conversation fromOpenAiMessages(JsonNode messages) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      JsonNode role = message.get("role");
      if (role == null || !role.isTextual() || role.asText().isBlank()) {
        throw new IllegalArgumentException("messages[" + i + "].role must be a non-empty string");
      }
      turns.add(new Turn(role.asText(), textOf(message.get("content"), i)));
    }
    return new Conversation(turns);
  }

  private static String textOf(JsonNode content, int index) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode part : content) {
        if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
          parts.add(part.get("text").asText());
        }
      }
      return String.join("\n", parts);
    }
    throw new IllegalArgumentException(
        "messages[" + index + "].content must be a string, an array of parts or null");
  }

  /**
   * The text the router scores. A lone user message is passed verbatim, so single-turn traffic
   * looks exactly like the single prompts the router was trained on; otherwise each non-empty turn
   * becomes {@code role: text}, in order, separated by blank lines.
   */
  public String toPrompt() {
    if (turns.size() == 1 && turns.getFirst().role().equals("user")) {
      return turns.getFirst().text();
    }
    return turns.stream()
        .filter(t -> !t.text().isEmpty())
        .map(t -> t.role() + ": " + t.text())
        .collect(Collectors.joining("\n\n"));
  }

  /** Every turn's text, for token estimation. */
  public String allText() {
    return turns.stream().map(Turn::text).collect(Collectors.joining("\n"));
  }
}
