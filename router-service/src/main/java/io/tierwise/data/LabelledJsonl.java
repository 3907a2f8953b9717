package io.tierwise.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tierwise's own labelled-outcome JSON Lines (see {@link LabelledPromptJsonl}), with model names
 * mapped to their canonical ids like every other importer does.
 */
public record LabelledJsonl() implements DatasetFormat {

  @Override
  public String name() {
    return "labelled-jsonl";
  }

  @Override
  public boolean accepts(Path path) {
    return Files.isRegularFile(path)
        && path.getFileName().toString().endsWith(".jsonl")
        && JsonLines.firstObject(path)
            .filter(o -> JsonLines.hasFields(o, "id", "prompt", "outcomes"))
            .isPresent();
  }

  @Override
  public List<LabelledPrompt> read(Path path) {
    List<LabelledPrompt> prompts = new ArrayList<>();
    for (LabelledPrompt prompt : LabelledPromptJsonl.read(path)) {
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      for (Map.Entry<String, Outcome> entry : prompt.outcomes().entrySet()) {
        String model = ModelAliases.canonical(entry.getKey());
        if (outcomes.putIfAbsent(model, entry.getValue()) != null) {
          throw new LabelledDataException(
              path
                  + ": prompt '"
                  + prompt.id()
                  + "' has two outcomes for model '"
                  + model
                  + "' under different spellings");
        }
      }
      prompts.add(
          new LabelledPrompt(
              prompt.id(), prompt.prompt(), prompt.source(), prompt.task(), outcomes));
    }
    return prompts;
  }
}
