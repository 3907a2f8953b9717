package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetSummaryTest {

  @Test
  void countsPerSourceAndTaskAndAveragesPerModel() {
    LabelledDataset data =
        LabelledDataset.of(
            List.of(
                new LabelledPrompt(
                    "a",
                    "p",
                    "s1",
                    "t1",
                    Map.of(
                        "cheap", new Outcome(0.0, 0.001, 10L, 20L),
                        "dear", new Outcome(1.0, null, 10L, 40L))),
                new LabelledPrompt(
                    "b", "p", "s1", "t2", Map.of("cheap", new Outcome(1.0, 0.003, 30L, null))),
                new LabelledPrompt("c", "p", "s2", "t2", Map.of("cheap", Outcome.ofQuality(0.5)))));
    DatasetSummary summary = DatasetSummary.of(data);

    assertEquals(3, summary.prompts());
    assertEquals(data.sha256(), summary.sha256());
    assertEquals(Map.of("s1", 2, "s2", 1), summary.promptsPerSource());
    assertEquals(Map.of("t1", 1, "t2", 2), summary.promptsPerTask());
    DatasetSummary.ModelStats cheap = summary.models().get("cheap");
    assertEquals(3, cheap.labelled());
    assertEquals(0.5, cheap.meanQuality(), 1e-12);
    assertEquals(0.002, cheap.meanCostUsd().orElseThrow(), 1e-12);
    assertEquals(20, cheap.meanInputTokens().orElseThrow(), 1e-12);
    assertEquals(20, cheap.meanOutputTokens().orElseThrow(), 1e-12);
    DatasetSummary.ModelStats dear = summary.models().get("dear");
    assertEquals(1, dear.labelled());
    assertTrue(dear.meanCostUsd().isEmpty());

    String text = summary.render();
    assertTrue(text.startsWith("3 labelled prompts, sha256 " + data.sha256()), text);
    assertTrue(text.contains("  cheap        3    0.500     0.002000        20        20"), text);
    assertTrue(text.contains("  dear         1    1.000            -        10        40"), text);
  }
}
