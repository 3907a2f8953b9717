package io.tierwise.http;

import java.util.Objects;

/**
 * One message of a conversation, reduced to what routing needs.
 *
 * @param role who spoke, e.g. {@code user}, {@code assistant}, {@code system}
 * @param content the message text; empty for messages without text (e.g. tool calls)
 */
public record ChatTurn(String role, String content) {
  public ChatTurn {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  public boolean isUser() {
    return role.equals("user");
  }

  /** System and developer messages say how to answer, not how hard the question is. */
  public boolean isInstruction() {
    return role.equals("system") || role.equals("developer");
  }
}
