package io.tierwise.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Boilerplate prefixes that many prompts of a workload share, such as the few-shot exemplars a
 * benchmark or an application puts before every question. Stripping them before embedding makes a
 * prompt's vector describe its own question rather than the template, which is what separates easy
 * prompts from hard ones.
 *
 * <p>Templates are learned from training prompts and stored only as (length, SHA-256) pairs, so a
 * router artifact never carries prompt text.
 *
 * @param prefixes known template prefixes, longest first
 */
public record PromptTemplates(List<Prefix> prefixes) {

  /** A template prefix: its length in chars and the SHA-256 of its UTF-8 bytes. */
  public record Prefix(int chars, String sha256) {
    public Prefix {
      if (chars < 1) {
        throw new IllegalArgumentException(
            "template prefix length must be positive, got: " + chars);
      }
      Objects.requireNonNull(sha256, "sha256");
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "sha256 must be 64 lowercase hex digits, got: '" + sha256 + "'");
      }
    }
  }

  /** A shared prefix shorter than this is not boilerplate worth stripping. */
  public static final int MIN_TEMPLATE_CHARS = 200;

  /** A prefix is a template only if at least this many training prompts share it. */
  public static final int MIN_SHARED_PROMPTS = 20;

  /** Prompts are grouped by their first chars; a template must cover this many. */
  static final int GROUP_KEY_CHARS = 64;

  /** No templates: prompts are embedded whole. */
  public static final PromptTemplates NONE = new PromptTemplates(List.of());

  public PromptTemplates {
    prefixes =
        List.copyOf(Objects.requireNonNull(prefixes, "prefixes")).stream()
            .sorted(Comparator.comparingInt(Prefix::chars).reversed())
            .toList();
  }

  /**
   * Finds templates in {@code prompts}: for every group of at least {@link #MIN_SHARED_PROMPTS}
   * prompts that start with the same {@link #GROUP_KEY_CHARS} chars, the group's longest common
   * prefix, cut back to a line break, if it is at least {@link #MIN_TEMPLATE_CHARS} long.
   */
  public static PromptTemplates learn(List<String> prompts) {
    Map<String, List<String>> groups = new HashMap<>();
    for (String prompt : prompts) {
      if (prompt.length() > MIN_TEMPLATE_CHARS) {
        groups
            .computeIfAbsent(prompt.substring(0, GROUP_KEY_CHARS), key -> new ArrayList<>())
            .add(prompt);
      }
    }
    List<Prefix> found = new ArrayList<>();
    for (List<String> group : groups.values()) {
      if (group.size() < MIN_SHARED_PROMPTS) {
        continue;
      }
      int common = group.getFirst().length();
      for (String prompt : group) {
        common = Math.min(common, commonPrefixLength(group.getFirst(), prompt, common));
      }
      // Cut at a line boundary so the remainder starts with a whole line (the question), not half a
      // word.
      int cut = group.getFirst().lastIndexOf('\n', common - 1) + 1;
      if (cut >= MIN_TEMPLATE_CHARS) {
        found.add(new Prefix(cut, sha256(group.getFirst().substring(0, cut))));
      }
    }
    return new PromptTemplates(found);
  }

  /** {@code prompt} without the longest known template prefix it starts with; unchanged if none. */
  public String strip(String prompt) {
    Objects.requireNonNull(prompt, "prompt");
    for (Prefix prefix : prefixes) {
      if (prompt.length() > prefix.chars()
          && sha256(prompt.substring(0, prefix.chars())).equals(prefix.sha256())) {
        return prompt.substring(prefix.chars());
      }
    }
    return prompt;
  }

  private static int commonPrefixLength(String a, String b, int limit) {
    int max = Math.min(limit, Math.min(a.length(), b.length()));
    int i = 0;
    while (i < max && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
