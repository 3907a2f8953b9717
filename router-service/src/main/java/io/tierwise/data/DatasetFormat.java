package io.tierwise.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One on-disk layout of labelled outcome data that Tierwise can import. Importers produce {@link
 * LabelledPrompt}s with ids prefixed by their source (ids are unique across sources) and model
 * names mapped through {@link ModelAliases#canonical(String)}.
 */
public sealed interface DatasetFormat
    permits LabelledJsonl,
        RouterBenchCsv,
        RouteLlmMmluCsv,
        RouteLlmGsm8kCsv,
        MtBenchJudgements,
        ArenaBenchFolder {

  /** A short stable name for messages and manifests, e.g. {@code routerbench-csv}. */
  String name();

  /**
   * Whether {@code path} looks like this format, judged from its name and first record only. Never
   * throws: an unreadable file is simply not accepted.
   */
  boolean accepts(Path path);

  /**
   * Reads every labelled prompt at {@code path}.
   *
   * @throws LabelledDataException naming the path (and line, where there is one) if the content is
   *     invalid or cannot be read
   */
  List<LabelledPrompt> read(Path path);

  /** Every supported format. */
  static List<DatasetFormat> all() {
    return List.of(
        new LabelledJsonl(),
        new RouterBenchCsv(),
        new RouteLlmMmluCsv(),
        new RouteLlmGsm8kCsv(),
        new MtBenchJudgements(),
        new ArenaBenchFolder());
  }

  /**
   * The one format that accepts {@code path}.
   *
   * @throws LabelledDataException if the path does not exist, no format accepts it (the message
   *     says what it looks like when it is a known non-dataset file), or several do
   */
  static DatasetFormat detect(Path path) {
    Objects.requireNonNull(path, "path");
    if (!Files.exists(path)) {
      throw new LabelledDataException("no such file or directory: " + path);
    }
    List<DatasetFormat> matches = all().stream().filter(f -> f.accepts(path)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.size() > 1) {
      throw new LabelledDataException(
          "ambiguous labelled-data format for "
              + path
              + ": matches "
              + matches.stream().map(DatasetFormat::name).collect(Collectors.joining(", ")));
    }
    String known = all().stream().map(DatasetFormat::name).collect(Collectors.joining(", "));
    Path fileName = path.getFileName();
    if (fileName != null && fileName.toString().equals(ContaminatedPrompts.FILE_NAME)) {
      throw new LabelledDataException(
          path
              + " is a RouteLLM contamination list, not labelled data;"
              + " read it with ContaminatedPrompts.read");
    }
    ArenaBenchFolder arena = new ArenaBenchFolder();
    for (Path parent = path.toAbsolutePath().getParent();
        parent != null;
        parent = parent.getParent()) {
      if (arena.accepts(parent)) {
        throw new LabelledDataException(
            path + " is part of the Arena-Bench folder " + parent + "; pass that folder instead");
      }
    }
    throw new LabelledDataException(
        "unknown labelled-data format: " + path + " (known formats: " + known + ")");
  }
}
