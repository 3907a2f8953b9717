package io.tierwise.data;

import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Maps the many spellings of a model name in public datasets to one canonical id, so that outcomes
 * of the same model from different sources line up.
 *
 * <p>A name is first normalised (trimmed, lower-cased, organisation prefix up to the last {@code /}
 * removed); the normalised name is then looked up in a small alias table of variants known to
 * denote the same model, and returned unchanged when it is not there. Version suffixes are only
 * dropped where the table says so: {@code mistral-7b-instruct-v0.1} becomes {@code
 * mistral-7b-instruct}, but an unknown {@code mistral-7b-instruct-v0.2} stays distinct.
 */
public final class ModelAliases {

  /** Normalised variant -> canonical id. Canonical ids never appear as keys, so this is stable. */
  private static final SortedMap<String, String> ALIASES = buildAliases();

  private ModelAliases() {}

  private static SortedMap<String, String> buildAliases() {
    SortedMap<String, String> aliases = new TreeMap<>();
    // Mixtral: RouteLLM and Arena use the Hugging Face id, RouterBench its provider's "chat" name.
    aliases.put("mixtral-8x7b-instruct-v0.1", "mixtral-8x7b-instruct");
    aliases.put("mixtral-8x7b-chat", "mixtral-8x7b-instruct");
    aliases.put("mistral-7b-instruct-v0.1", "mistral-7b-instruct");
    aliases.put("mistral-7b-chat", "mistral-7b-instruct");
    aliases.put("llama-2-70b-chat-hf", "llama-2-70b-chat");
    aliases.put("code-llama-instruct-34b-chat", "code-llama-34b-instruct");
    aliases.put("codellama-34b-instruct-hf", "code-llama-34b-instruct");
    // Anthropic: RouterBench uses Bedrock ids (claude-v1 = Claude 1.x), Arena Anthropic's own.
    aliases.put("claude-v1", "claude-1");
    aliases.put("claude-instant-v1", "claude-instant-1");
    aliases.put("claude-v2", "claude-2");
    aliases.put("claude-v2.1", "claude-2.1");
    aliases.put("gpt-35-turbo-1106", "gpt-3.5-turbo-1106");
    aliases.put("openchat_3.5", "openchat-3.5");
    aliases.put("chat-bison-001", "palm-2-chat-bison-001");
    for (String canonical : aliases.values()) {
      if (aliases.containsKey(canonical)) {
        throw new IllegalStateException("canonical model id is also an alias: " + canonical);
      }
    }
    return Collections.unmodifiableSortedMap(aliases);
  }

  /**
   * The canonical id of {@code modelName}.
   *
   * @throws IllegalArgumentException if the name is blank or ends with {@code /}
   */
  public static String canonical(String modelName) {
    String normalised = normalise(modelName);
    return ALIASES.getOrDefault(normalised, normalised);
  }

  /** The alias table: normalised variant to canonical id, sorted by variant. */
  public static SortedMap<String, String> aliases() {
    return ALIASES;
  }

  private static String normalise(String modelName) {
    Objects.requireNonNull(modelName, "modelName");
    String name = modelName.strip().toLowerCase(Locale.ROOT);
    name = name.substring(name.lastIndexOf('/') + 1);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "model name must not be blank or end with '/', got: '" + modelName + "'");
    }
    return name;
  }
}
