package io.tierwise.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Evaluation prompts that RouteLLM found duplicated in its Arena-derived training data ({@code
 * contaminated_prompts.jsonl}); drop them from evaluation when training on Arena data.
 *
 * <p>As a predicate it matches a labelled prompt of {@link #source()} whose text is one of the
 * evaluation prompts, or starts with one followed by a blank line: that is how a second MT-Bench
 * turn, whose first question is contaminated, is represented.
 *
 * @param source the dataset source the list applies to, e.g. {@code gsm8k} or {@code mt-bench}
 * @param evalPrompts the contaminated evaluation prompts, verbatim
 */
public record ContaminatedPrompts(String source, Set<String> evalPrompts)
    implements Predicate<LabelledPrompt> {

  /** RouteLLM's file name for these lists. */
  public static final String FILE_NAME = "contaminated_prompts.jsonl";

  public ContaminatedPrompts {
    Objects.requireNonNull(source, "source");
    evalPrompts = Set.copyOf(new LinkedHashSet<>(evalPrompts));
  }

  /**
   * Reads a list whose source is named by its folder, as RouteLLM lays them out: {@code gsm8k/...}
   * applies to {@code gsm8k}, {@code mt_bench/...} to {@code mt-bench}.
   */
  public static ContaminatedPrompts read(Path file) {
    Objects.requireNonNull(file, "file");
    Path folder = file.toAbsolutePath().getParent();
    if (folder == null || folder.getFileName() == null) {
      throw new LabelledDataException(
          file + ": cannot tell which source a contamination list outside a folder applies to");
    }
    String source = folder.getFileName().toString().toLowerCase(Locale.ROOT).replace('_', '-');
    return read(file, source);
  }

  /** Reads a list that applies to {@code source}. */
  public static ContaminatedPrompts read(Path file, String source) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(source, "source");
    Set<String> prompts = new LinkedHashSet<>();
    JsonLines.forEachObject(
        file, (line, pair) -> prompts.add(JsonLines.text(pair, "eval_prompt", file, line)));
    return new ContaminatedPrompts(source, prompts);
  }

  /** Every {@value #FILE_NAME} under {@code root} (or {@code root} itself), in path order. */
  public static List<ContaminatedPrompts> findAll(Path root) {
    Objects.requireNonNull(root, "root");
    if (!Files.exists(root)) {
      throw new LabelledDataException("no such file or directory: " + root);
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName() != null && p.getFileName().toString().equals(FILE_NAME))
          .filter(Files::isRegularFile)
          .sorted()
          .map(ContaminatedPrompts::read)
          .toList();
    } catch (IOException e) {
      throw new LabelledDataException("cannot search " + root + ": " + e.getMessage(), e);
    }
  }

  /** A predicate matching prompts that any of {@code lists} matches. */
  public static Predicate<LabelledPrompt> anyOf(List<ContaminatedPrompts> lists) {
    List<ContaminatedPrompts> copy = List.copyOf(lists);
    return prompt -> copy.stream().anyMatch(list -> list.test(prompt));
  }

  @Override
  public boolean test(LabelledPrompt prompt) {
    if (!prompt.source().equals(source)) {
      return false;
    }
    String text = prompt.prompt();
    if (evalPrompts.contains(text)) {
      return true;
    }
    for (String evalPrompt : evalPrompts) {
      if (text.startsWith(evalPrompt + "\n\n")) {
        return true;
      }
    }
    return false;
  }
}
