package io.tierwise.http;

import io.tierwise.config.ConversationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a multi-turn conversation into the one text the router scores.
 *
 * <p>The difficulty of a chat request lives mostly in its last user message, but a follow-up such
 * as "now do the same for the proof" is only hard in context. So:
 *
 * <ol>
 *   <li>System and developer messages and messages without text are dropped: they are shared
 *       boilerplate that would pull every conversation towards the same embedding.
 *   <li>The last {@code turns} messages are kept (reaching further back if needed to include the
 *       last user message).
 *   <li>A single kept message is scored verbatim, so a one-turn chat scores exactly like the same
 *       text sent as {@code prompt}, which is how the router was trained.
 *   <li>Several are rendered as {@code role: text} blocks separated by blank lines, oldest first.
 *       Over {@code maxChars}, text is cut from the front (at a word boundary), because the
 *       embedder truncates from the back and would otherwise drop the newest message. If the last
 *       user message alone does not fit, it is scored alone, verbatim.
 * </ol>
 */
public final class ConversationFlattener {

  private static final String SEPARATOR = "\n\n";

  private final ConversationSettings settings;

  public ConversationFlattener(ConversationSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The text to score, or empty when the conversation has no user message with text. */
  public Optional<String> flatten(List<ChatTurn> conversation) {
    Objects.requireNonNull(conversation, "conversation");
    List<ChatTurn> turns = new ArrayList<>();
    for (ChatTurn turn : conversation) {
      if (!turn.isInstruction() && !turn.content().isBlank()) {
        turns.add(turn);
      }
    }
    int lastUser = -1;
    for (int i = turns.size() - 1; i >= 0 && lastUser < 0; i--) {
      if (turns.get(i).isUser()) {
        lastUser = i;
      }
    }
    if (lastUser < 0) {
      return Optional.empty();
    }
    int from = Math.min(Math.max(0, turns.size() - settings.turns()), lastUser);
    List<ChatTurn> kept = turns.subList(from, turns.size());
    if (kept.size() == 1) {
      return Optional.of(kept.get(0).content());
    }
    String lastUserBlock = block(turns.get(lastUser));
    if (lastUserBlock.length() > settings.maxChars()) {
      return Optional.of(turns.get(lastUser).content());
    }
    StringBuilder text = new StringBuilder();
    for (ChatTurn turn : kept) {
      if (!text.isEmpty()) {
        text.append(SEPARATOR);
      }
      text.append(block(turn));
    }
    return Optional.of(keepTail(text.toString(), settings.maxChars()));
  }

  private static String block(ChatTurn turn) {
    return turn.role() + ": " + turn.content().strip();
  }

  /** The last {@code budget} characters, starting at a word boundary when one is near. */
  static String keepTail(String text, int budget) {
    if (text.length() <= budget) {
      return text;
    }
    int start = text.length() - budget;
    if (Character.isLowSurrogate(text.charAt(start))) {
      start++;
    }
    if (Character.isWhitespace(text.charAt(start - 1))) {
      return text.substring(start).stripLeading();
    }
    // Skip a cut word, but never more than a short stretch: a long token is still better kept.
    int limit = Math.min(text.length(), start + 32);
    for (int i = start; i < limit; i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return text.substring(i).stripLeading();
      }
    }
    return text.substring(start);
  }
}
