package io.tierwise.embedder;

import static io.tierwise.embedder.TestModels.dot;
import static io.tierwise.embedder.TestModels.maxAbsDiff;
import static io.tierwise.embedder.TestModels.norm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both bundled models, loaded from the real jar resources. */
class BundledModelEmbeddingTest {

  private static final List<String> PROMPTS =
      List.of(
          "How do I reverse a singly linked list in Java?",
          "Write a Java method that reverses a linked list.",
          "What is the capital of France?",
          "Prove that there are infinitely many prime numbers.",
          "Summarise the plot of Hamlet in two sentences.",
          "",
          "ok",
          "Translate 'good morning' into Spanish, French and German, and explain the differences in"
              + " formality between the three greetings.");

  private static final Map<BundledEmbeddingModel, OnnxTextEmbedder> EMBEDDERS =
      new EnumMap<>(BundledEmbeddingModel.class);

  @BeforeAll
  static void openModels() {
    for (BundledEmbeddingModel model : BundledEmbeddingModel.values()) {
      EMBEDDERS.put(model, OnnxTextEmbedder.open(model, 1, 0));
    }
  }

  @AfterAll
  static void closeModels() {
    EMBEDDERS.values().forEach(OnnxTextEmbedder::close);
  }

  @ParameterizedTest
  @EnumSource(BundledEmbeddingModel.class)
  void describesItself(BundledEmbeddingModel model) {
    OnnxTextEmbedder embedder = EMBEDDERS.get(model);
    assertEquals(model.id(), embedder.modelId());
    assertEquals(384, embedder.dimension());
    assertEquals(model.dimension(), embedder.dimension());
    assertEquals(model.pooling(), embedder.pooling());
    assertEquals(model.defaultMaxLength(), embedder.maxLength());
    assertTrue(
        embedder.runtimeId().matches("onnxruntime-\\d+\\.\\d+\\.\\d+"), embedder.runtimeId());
    assertEquals(384, embedder.embed("dimension check").length);
  }

  @ParameterizedTest
  @EnumSource(BundledEmbeddingModel.class)
  void vectorsHaveUnitNorm(BundledEmbeddingModel model) {
    for (String prompt : PROMPTS) {
      assertEquals(1.0, norm(EMBEDDERS.get(model).embed(prompt)), 1e-5, prompt);
    }
  }

  @ParameterizedTest
  @EnumSource(BundledEmbeddingModel.class)
  void embedAllGivesTheVectorsEmbedGives(BundledEmbeddingModel model) {
    OnnxTextEmbedder embedder = EMBEDDERS.get(model);
    List<float[]> batch = embedder.embedAll(PROMPTS);
    assertEquals(PROMPTS.size(), batch.size());
    for (int i = 0; i < PROMPTS.size(); i++) {
      float[] single = embedder.embed(PROMPTS.get(i));
      assertTrue(maxAbsDiff(single, batch.get(i)) < 1e-5, PROMPTS.get(i));
    }
  }

  @ParameterizedTest
  @EnumSource(BundledEmbeddingModel.class)
  void embedAllOfNothingIsEmpty(BundledEmbeddingModel model) {
    assertEquals(List.of(), EMBEDDERS.get(model).embedAll(List.of()));
  }

  @ParameterizedTest
  @EnumSource(BundledEmbeddingModel.class)
  void paraphrasesAreCloserThanUnrelatedPrompts(BundledEmbeddingModel model) {
    OnnxTextEmbedder embedder = EMBEDDERS.get(model);
    assertCloser(
        embedder,
        "How do I reverse a singly linked list in Java?",
        "Write a Java method that reverses a linked list.",
        "What is the capital of France?");
    assertCloser(
        embedder,
        "What is the boiling point of water at sea level?",
        "At what temperature does water boil?",
        "Recommend a good science fiction novel.");
    assertCloser(
        embedder,
        "Prove that the square root of 2 is irrational.",
        "Show that sqrt(2) cannot be written as a fraction.",
        "Write a haiku about autumn leaves.");
  }

  private static void assertCloser(
      OnnxTextEmbedder embedder, String anchor, String paraphrase, String unrelated) {
    float[] a = embedder.embed(anchor);
    double similar = dot(a, embedder.embed(paraphrase));
    double different = dot(a, embedder.embed(unrelated));
    assertTrue(
        similar > different,
        () ->
            embedder.modelId()
                + ": cos(paraphrase)="
                + similar
                + " should exceed cos(unrelated)="
                + different
                + " for: "
                + anchor);
  }

  @ParameterizedTest
  @EnumSource(BundledEmbeddingModel.class)
  void textsLongerThanMaxLengthKeepTheirHeadAndTail(BundledEmbeddingModel model) {
    OnnxTextEmbedder embedder = EMBEDDERS.get(model);
    String filler = "The router should pick a cheap model for easy prompts. ".repeat(600);
    String question = " Question: which planet is the largest?";
    float[] whole = embedder.embed(filler + question);
    assertEquals(1.0, norm(whole), 1e-5);
    // The middle of a long text falls outside the window and cannot change the vector...
    String middleChanged = filler + "Completely different middle: sonnets. " + filler + question;
    assertArrayEquals(whole, embedder.embed(middleChanged));
    // ...but its ending, where few-shot prompts put the actual question, always does.
    assertFalse(
        maxAbsDiff(whole, embedder.embed(filler + " Question: how do I bake bread?")) < 1e-3);
  }

  @ParameterizedTest
  @EnumSource(BundledEmbeddingModel.class)
  void concurrentCallersGetTheSequentialResults(BundledEmbeddingModel model) throws Exception {
    OnnxTextEmbedder embedder = EMBEDDERS.get(model);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      texts.add(PROMPTS.get(i % PROMPTS.size()) + " (variant " + i + ")");
    }
    List<float[]> sequential = texts.stream().map(embedder::embed).toList();

    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<float[][]>> jobs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int start = t * texts.size() / threads;
        jobs.add(
            () -> {
              // Each thread walks the texts from a different start, so different texts overlap.
              float[][] vectors = new float[texts.size()][];
              for (int step = 0; step < texts.size(); step++) {
                int i = (start + step) % texts.size();
                vectors[i] = embedder.embed(texts.get(i));
              }
              return vectors;
            });
      }
      for (Future<float[][]> result : pool.invokeAll(jobs)) {
        float[][] vectors = result.get();
        for (int i = 0; i < texts.size(); i++) {
          assertArrayEquals(sequential.get(i), vectors[i], texts.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
