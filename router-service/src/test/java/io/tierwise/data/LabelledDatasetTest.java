package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDatasetTest {

  /** Prompts p0..p(n-1) over three sources; "small" is labelled on every third prompt only. */
  private static LabelledDataset synthetic(int n) {
    List<LabelledPrompt> prompts = new ArrayList<>();
    String[] sources = {"alpha", "beta", "gamma"};
    for (int i = 0; i < n; i++) {
      String source = sources[i % 3];
      Map<String, Outcome> outcomes =
          i % 3 == 0
              ? Map.of("big", Outcome.ofQuality(1), "small", Outcome.ofQuality(i % 2))
              : Map.of("big", Outcome.ofQuality(0.5));
      prompts.add(
          new LabelledPrompt("p" + i, "prompt " + i, source, source + "/t" + (i % 5), outcomes));
    }
    return LabelledDataset.of(prompts);
  }

  @Test
  void rejectsDuplicateIds() {
    LabelledPrompt p = synthetic(1).prompts().get(0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LabelledDataset.of(List.of(p, p)));
    assertEquals("duplicate labelled prompt id: p0", e.getMessage());
  }

  @Test
  void listsModelsSourcesAndTasks() {
    LabelledDataset data = synthetic(30);
    assertEquals(List.of("big", "small"), List.copyOf(data.models()));
    assertEquals(List.of("alpha", "beta", "gamma"), List.copyOf(data.sources()));
    assertEquals(15, data.tasks().size());
    assertEquals("prompt 7", data.find("p7").orElseThrow().prompt());
    assertTrue(data.find("nope").isEmpty());
  }

  @Test
  void filtersAndRestrictsToCompletelyLabelledPrompts() {
    LabelledDataset data = synthetic(30);
    assertEquals(10, data.filter(p -> p.source().equals("beta")).size());
    LabelledDataset complete = data.restrictedTo(List.of("small"));
    assertEquals(10, complete.size());
    for (LabelledPrompt p : complete.prompts()) {
      assertEquals(Set.of("small"), p.outcomes().keySet());
    }
    assertThrows(IllegalArgumentException.class, () -> data.restrictedTo(List.of()));
  }

  @Test
  void splitIsDeterministicDisjointAndNearTheRequestedFraction() {
    LabelledDataset data = synthetic(4000);
    DatasetSplit split = data.split(0.2, 7);
    assertEquals(split, data.split(0.2, 7));
    assertEquals(data.size(), split.train().size() + split.validation().size());
    Set<String> trainIds = ids(split.train());
    assertTrue(ids(split.validation()).stream().noneMatch(trainIds::contains));
    double share = split.validation().size() / (double) data.size();
    assertTrue(Math.abs(share - 0.2) < 0.03, "validation share " + share);
    assertNotEquals(ids(split.validation()), ids(data.split(0.2, 8).validation()));
    assertEquals(0, data.split(0).validation().size());
    assertEquals(data.size(), data.split(1).validation().size());
    assertThrows(IllegalArgumentException.class, () -> data.split(1.5));
  }

  @Test
  void splitOfAPromptDoesNotDependOnTheRestOfTheDataset() {
    LabelledDataset data = synthetic(1000);
    LabelledDataset part = data.filter(p -> p.source().equals("alpha"));
    Set<String> expected = ids(data.split(0.3, 1).validation());
    expected.retainAll(ids(part));
    assertEquals(expected, ids(part.split(0.3, 1).validation()));
  }

  @Test
  void kFoldValidatesOnEveryPromptExactlyOnce() {
    LabelledDataset data = synthetic(500);
    List<DatasetSplit> folds = data.kFold(5, 3);
    assertEquals(5, folds.size());
    Set<String> seen = new HashSet<>();
    for (DatasetSplit fold : folds) {
      assertEquals(data.size(), fold.train().size() + fold.validation().size());
      for (String id : ids(fold.validation())) {
        assertTrue(seen.add(id), "validated twice: " + id);
      }
      assertTrue(fold.validation().size() > 60, "fold size " + fold.validation().size());
    }
    assertEquals(ids(data), seen);
    assertThrows(IllegalArgumentException.class, () -> data.kFold(1, 0));
  }

  @Test
  void leaveOneSourceOutHoldsOutEachSource() {
    LabelledDataset data = synthetic(30);
    SortedMap<String, DatasetSplit> splits = data.leaveOneSourceOut();
    assertEquals(List.of("alpha", "beta", "gamma"), List.copyOf(splits.keySet()));
    splits.forEach(
        (source, split) -> {
          assertEquals(Set.of(source), split.validation().sources());
          assertTrue(!split.train().sources().contains(source));
          assertEquals(30, split.train().size() + split.validation().size());
        });
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> data.filter(p -> p.source().equals("beta")).leaveOneSourceOut());
    assertTrue(e.getMessage().contains("at least 2 sources"), e.getMessage());
  }

  @Test
  void digestIgnoresOrderAndSeesContentChanges(@TempDir Path dir) throws Exception {
    LabelledDataset data = synthetic(50);
    List<LabelledPrompt> reversed = new ArrayList<>(data.prompts());
    java.util.Collections.reverse(reversed);
    assertEquals(data.sha256(), LabelledDataset.of(reversed).sha256());

    List<LabelledPrompt> changed = new ArrayList<>(data.prompts());
    LabelledPrompt first = changed.get(0);
    changed.set(
        0,
        new LabelledPrompt(
            first.id(),
            first.prompt(),
            first.source(),
            first.task(),
            Map.of("big", Outcome.ofQuality(0.99))));
    assertNotEquals(data.sha256(), LabelledDataset.of(changed).sha256());

    // The digest is that of the canonical JSONL file with prompts sorted by id.
    Path file = dir.resolve("sorted.jsonl");
    LabelledPromptJsonl.write(
        file, data.prompts().stream().sorted(Comparator.comparing(LabelledPrompt::id)).toList());
    String fileDigest =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    assertEquals(fileDigest, data.sha256());
  }

  private static Set<String> ids(LabelledDataset data) {
    return data.prompts().stream().map(LabelledPrompt::id).collect(Collectors.toSet());
  }
}
