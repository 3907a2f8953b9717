package io.tierwise.features;

import java.util.List;
import java.util.Objects;

/**
 * Cheap surface features of a prompt that the embedding does not capture well: how long it is, how
 * much of it is code or numbers, and whether it carries few-shot examples. Computed in one pass
 * over the characters.
 */
public final class PromptTextFeatures {

  /** Feature names, in the order of {@link #extract(String)}'s result. */
  public static final List<String> NAMES =
      List.of(
          "text.log_chars",
          "text.log_lines",
          "text.digit_share",
          "text.code_symbol_share",
          "text.upper_share",
          "text.question_marks",
          "text.few_shot_answers",
          "text.non_ascii_share");

  private PromptTextFeatures() {}

  /**
   * Returns {@link #NAMES}-ordered features of {@code prompt}; all values are bounded and finite.
   */
  public static double[] extract(String prompt) {
    Objects.requireNonNull(prompt, "prompt");
    int length = prompt.length();
    int lines = 1;
    int digits = 0;
    int codeSymbols = 0;
    int upper = 0;
    int questionMarks = 0;
    int nonAscii = 0;
    for (int i = 0; i < length; i++) {
      char c = prompt.charAt(i);
      if (c == '\n') {
        lines++;
      } else if (Character.isDigit(c)) {
        digits++;
      } else if (Character.isUpperCase(c)) {
        upper++;
      } else if (c == '?') {
        questionMarks++;
      }
      if ("{}[]()<>=;_#/\\*+|&^%$`".indexOf(c) >= 0) {
        codeSymbols++;
      }
      if (c > 127) {
        nonAscii++;
      }
    }
    double denominator = Math.max(1, length);
    return new double[] {
      Math.log1p(length),
      Math.log1p(lines),
      digits / denominator,
      codeSymbols / denominator,
      upper / denominator,
      Math.log1p(questionMarks),
      // Few-shot prompts repeat an "Answer:" cue per exemplar; their count signals a templated
      // benchmark prompt.
      Math.log1p(countOccurrences(prompt, "Answer:")),
      nonAscii / denominator
    };
  }

  private static int countOccurrences(String text, String needle) {
    int count = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
      count++;
    }
    return count;
  }
}
