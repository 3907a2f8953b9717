package io.tierwise.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Loads labelled data from files and folders in any {@link DatasetFormat}, detected per file.
 *
 * <p>A folder is searched recursively in name order: a folder that is itself a dataset (an
 * Arena-Bench folder) is read as one; below it, every {@code .csv} and {@code .jsonl} file must be
 * in a known format, except RouteLLM's {@value ContaminatedPrompts#FILE_NAME} lists, which are
 * skipped (read them with {@link ContaminatedPrompts}). Other files (licences, {@code SOURCE.txt},
 * READMEs) and hidden entries are ignored. A path given twice, or inside another given folder, is
 * read once.
 */
public final class LabelledDatasets {

  private LabelledDatasets() {}

  /**
   * Loads and concatenates everything at {@code paths}.
   *
   * @throws LabelledDataException if a path does not exist, a data file has an unknown or ambiguous
   *     format, a folder holds no labelled data, content is invalid, or two files yield the same
   *     prompt id
   */
  public static LabelledDataset load(Path... paths) {
    Objects.requireNonNull(paths, "paths");
    return load(List.of(paths));
  }

  /** {@link #load(Path...)} for a list of paths. */
  public static LabelledDataset load(List<Path> paths) {
    Objects.requireNonNull(paths, "paths");
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("at least one path to labelled data is required");
    }
    Map<Path, DatasetFormat> units = new LinkedHashMap<>();
    for (Path path : paths) {
      Objects.requireNonNull(path, "path");
      int before = units.size();
      collect(path, units, true);
      if (units.size() == before && Files.isDirectory(path) && !containsUnitOf(path, units)) {
        throw new LabelledDataException("no labelled data found under " + path);
      }
    }
    List<LabelledPrompt> prompts = new ArrayList<>();
    Map<String, Path> originOfId = new HashMap<>();
    for (Map.Entry<Path, DatasetFormat> unit : units.entrySet()) {
      for (LabelledPrompt prompt : unit.getValue().read(unit.getKey())) {
        Path origin = originOfId.putIfAbsent(prompt.id(), unit.getKey());
        if (origin != null) {
          throw new LabelledDataException(
              "duplicate prompt id '"
                  + prompt.id()
                  + "' in "
                  + (origin.equals(unit.getKey()) ? origin : origin + " and " + unit.getKey()));
        }
        prompts.add(prompt);
      }
    }
    return LabelledDataset.of(prompts);
  }

  private static void collect(Path path, Map<Path, DatasetFormat> units, boolean explicit) {
    if (!Files.exists(path)) {
      throw new LabelledDataException("no such file or directory: " + path);
    }
    if (Files.isDirectory(path)) {
      ArenaBenchFolder arena = new ArenaBenchFolder();
      if (arena.accepts(path)) {
        units.putIfAbsent(realPath(path), arena);
        return;
      }
      for (Path child : children(path)) {
        String name = child.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        if (Files.isDirectory(child) || isDataFile(name)) {
          collect(child, units, false);
        }
      }
    } else if (explicit || isDataFile(path.getFileName().toString())) {
      units.putIfAbsent(realPath(path), DatasetFormat.detect(path));
    }
  }

  private static boolean isDataFile(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return (lower.endsWith(".csv") || lower.endsWith(".jsonl"))
        && !name.equals(ContaminatedPrompts.FILE_NAME);
  }

  /** Whether an earlier argument already covered a unit inside {@code folder}. */
  private static boolean containsUnitOf(Path folder, Map<Path, DatasetFormat> units) {
    Path real = realPath(folder);
    return units.keySet().stream().anyMatch(unit -> unit.startsWith(real));
  }

  private static List<Path> children(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.sorted().toList();
    } catch (IOException e) {
      throw new LabelledDataException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new LabelledDataException("cannot resolve " + path + ": " + e.getMessage(), e);
    }
  }
}
