package io.tierwise.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TfidfVectorizerTest {

  private static final List<String> CORPUS = List.of("The cat sat.", "the DOG sat", "a cat");

  @Test
  void tokensAreLowerCasedWordRuns() {
    assertEquals(
        List.of("hello", "world_x", "42", "a", "café"),
        TfidfVectorizer.tokens("Hello, World_x 42! (a) Café"));
    assertEquals(List.of(), TfidfVectorizer.tokens(" ,.; "));
  }

  @Test
  void unigramVocabularyAndIdfByHand() {
    TfidfVectorizer vectorizer =
        TfidfVectorizer.fit(CORPUS, new TfidfVectorizer.Options(1, 100, false, true));
    assertEquals(List.of("a", "cat", "dog", "sat", "the"), vectorizer.terms());
    // n = 3 documents; idf = ln((1 + n) / (1 + df)) + 1.
    double df2 = Math.log(4.0 / 3) + 1;
    double df1 = Math.log(4.0 / 2) + 1;
    assertEquals(df1, vectorizer.idf("a"), 1e-15);
    assertEquals(df2, vectorizer.idf("cat"), 1e-15);
    assertEquals(df1, vectorizer.idf("dog"), 1e-15);
    assertEquals(df2, vectorizer.idf("sat"), 1e-15);
    assertEquals(df2, vectorizer.idf("the"), 1e-15);

    SparseFeatureMatrix x = vectorizer.transform(CORPUS);
    // "the cat sat": three terms with equal idf -> each 1 / sqrt(3).
    assertArrayEquals(new int[] {1, 3, 4}, x.rowColumns(0));
    double third = 1 / Math.sqrt(3);
    assertArrayEquals(new double[] {third, third, third}, x.rowValues(0), 1e-15);
    // "the dog sat": dog has the larger idf.
    double norm = Math.sqrt(df1 * df1 + 2 * df2 * df2);
    assertArrayEquals(new int[] {2, 3, 4}, x.rowColumns(1));
    assertArrayEquals(new double[] {df1 / norm, df2 / norm, df2 / norm}, x.rowValues(1), 1e-15);
  }

  @Test
  void sublinearTermFrequencyAndUnknownTerms() {
    TfidfVectorizer vectorizer =
        TfidfVectorizer.fit(CORPUS, new TfidfVectorizer.Options(1, 100, false, true));
    SparseFeatureMatrix x = vectorizer.transform(List.of("cat cat cat dog", "zebra", ""));
    double cat = (1 + Math.log(3)) * vectorizer.idf("cat");
    double dog = vectorizer.idf("dog");
    double norm = Math.hypot(cat, dog);
    assertArrayEquals(new double[] {cat / norm, dog / norm}, x.rowValues(0), 1e-15);
    assertEquals(0, x.rowColumns(1).length, "unknown words give an empty row");
    assertEquals(0, x.rowColumns(2).length);

    TfidfVectorizer raw =
        TfidfVectorizer.fit(CORPUS, new TfidfVectorizer.Options(1, 100, false, false));
    double rawCat = 3 * raw.idf("cat");
    assertEquals(
        rawCat / Math.hypot(rawCat, dog),
        raw.transform(List.of("cat cat cat dog")).rowValues(0)[0],
        1e-15);
  }

  @Test
  void bigramsMinDocumentFrequencyAndTheFeatureCap() {
    List<String> corpus = List.of("the cat sat", "the cat ran", "a dog sat");
    TfidfVectorizer all =
        TfidfVectorizer.fit(corpus, new TfidfVectorizer.Options(1, 100, true, true));
    assertEquals(
        List.of(
            "a", "a dog", "cat", "cat ran", "cat sat", "dog", "dog sat", "ran", "sat", "the",
            "the cat"),
        all.terms());
    // min df 2 keeps: cat (2), sat (2), the (2), "the cat" (2).
    TfidfVectorizer frequent =
        TfidfVectorizer.fit(corpus, new TfidfVectorizer.Options(2, 100, true, true));
    assertEquals(List.of("cat", "sat", "the", "the cat"), frequent.terms());
    assertEquals(Math.log(4.0 / 3) + 1, frequent.idf("the cat"), 1e-15);
    // Capped at 2 by document frequency; all four tie at df 2, so term order decides.
    TfidfVectorizer capped =
        TfidfVectorizer.fit(corpus, new TfidfVectorizer.Options(2, 2, true, true));
    assertEquals(List.of("cat", "sat"), capped.terms());
    assertThrows(IllegalArgumentException.class, () -> capped.idf("the"));
  }
}
