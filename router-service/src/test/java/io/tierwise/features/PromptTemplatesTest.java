package io.tierwise.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTemplatesTest {

  private static final String EXEMPLARS =
      "Question: which is larger, 3 or 5?\nAnswer: 5\n\n".repeat(10) + "Question: ";

  @Test
  void learnsASharedFewShotPrefixAndStripsItAtALineBoundary() {
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < PromptTemplates.MIN_SHARED_PROMPTS; i++) {
      prompts.add(EXEMPLARS + "what is " + i + " + " + i + "?\nAnswer:");
    }
    prompts.add("a short unrelated prompt");
    PromptTemplates templates = PromptTemplates.learn(prompts);
    assertEquals(1, templates.prefixes().size());
    int lineStart = EXEMPLARS.lastIndexOf('\n') + 1;
    assertEquals(lineStart, templates.prefixes().getFirst().chars());
    assertEquals(
        "Question: what is 7 + 7?\nAnswer:",
        templates.strip(EXEMPLARS + "what is 7 + 7?\nAnswer:"));
    assertEquals("a short unrelated prompt", templates.strip("a short unrelated prompt"));
    // A prompt that only resembles the template is left whole: the digest must match exactly.
    String altered = EXEMPLARS.replace("larger", "smaller") + "x?";
    assertEquals(altered, templates.strip(altered));
  }

  @Test
  void needsEnoughPromptsToCallSomethingATemplate() {
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < PromptTemplates.MIN_SHARED_PROMPTS - 1; i++) {
      prompts.add(EXEMPLARS + i);
    }
    assertEquals(0, PromptTemplates.learn(prompts).prefixes().size());
  }
}
