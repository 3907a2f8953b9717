package io.tierwise.config;

/**
 * How a multi-turn conversation is turned into the one text the router scores (YAML section {@code
 * conversation}).
 *
 * @param turns most recent messages (after dropping system messages) that are scored
 * @param maxChars budget for the scored text; older text is cut from the front first, so the newest
 *     message survives the embedder's own truncation, which keeps the beginning
 */
public record ConversationSettings(int turns, int maxChars) {

  public static final int DEFAULT_TURNS = 4;

  /** About the default embedder's 256-token window at roughly four characters per token. */
  public static final int DEFAULT_MAX_CHARS = 1_000;

  public ConversationSettings {
    if (turns < 1) {
      throw new IllegalArgumentException("turns must be >= 1, got: " + turns);
    }
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be >= 1, got: " + maxChars);
    }
  }

  public static ConversationSettings defaults() {
    return new ConversationSettings(DEFAULT_TURNS, DEFAULT_MAX_CHARS);
  }

  static ConversationSettings read(SettingsReader section) {
    int turns = section.integer("turns", DEFAULT_TURNS, 1, 1_000);
    int maxChars = section.integer("max-chars", DEFAULT_MAX_CHARS, 16, Integer.MAX_VALUE);
    return section.build(() -> new ConversationSettings(turns, maxChars));
  }
}
