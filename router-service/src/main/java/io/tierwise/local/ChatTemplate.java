package io.tierwise.local;

import java.util.Objects;

/**
 * Wraps a prompt in the format an instruct model was trained on, with {@code {system}} and {@code
 * {user}} placeholders, e.g. {@code
 * "<|system|>\n{system}</s>\n<|user|>\n{user}</s>\n<|assistant|>\n"}. Special tokens written in the
 * template (like {@code </s>}) are recognised by the tokenizer.
 *
 * @param template the template text; must contain {@code {user}}
 */
public record ChatTemplate(String template) {

  public static final String SYSTEM = "{system}";
  public static final String USER = "{user}";

  public ChatTemplate {
    Objects.requireNonNull(template, "template");
    if (!template.contains(USER)) {
      throw new IllegalArgumentException(
          "chat template must contain the placeholder " + USER + ", got: " + template);
    }
  }

  /**
   * The prompt text for the model. Placeholders are replaced in one left-to-right pass, so user
   * text that itself contains {@code {system}} or {@code {user}} is left alone.
   */
  public String render(String system, String user) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(user, "user");
    StringBuilder out = new StringBuilder(template.length() + system.length() + user.length());
    int i = 0;
    while (i < template.length()) {
      if (template.startsWith(SYSTEM, i)) {
        out.append(system);
        i += SYSTEM.length();
      } else if (template.startsWith(USER, i)) {
        out.append(user);
        i += USER.length();
      } else {
        out.append(template.charAt(i++));
      }
    }
    return out.toString();
  }
}
