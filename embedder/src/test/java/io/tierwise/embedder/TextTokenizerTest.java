package io.tierwise.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

  private static TextTokenizer miniLmTokenizer(int maxLength) throws IOException {
    String resource = BundledEmbeddingModel.ALL_MINILM_L6_V2_Q.tokenizerResource();
    return TextTokenizer.load(TestModels.resourceBytes(resource), resource, maxLength);
  }

  @Test
  void addsSpecialTokensAndDoesNotPad() throws IOException {
    // all-MiniLM's tokenizer.json asks for fixed padding to 128; the embedder pads itself.
    try (TextTokenizer tokenizer = miniLmTokenizer(256)) {
      TokenizedText text = tokenizer.encode("This is an example sentence");
      assertArrayEquals(new long[] {101, 2023, 2003, 2019, 2742, 6251, 102}, text.ids());
      assertArrayEquals(new long[7], text.typeIds());
      assertEquals(2, tokenizer.encode("").length());
    }
  }

  @Test
  void truncatesAtMaxLength() throws IOException {
    try (TextTokenizer tokenizer = miniLmTokenizer(16)) {
      TokenizedText text = tokenizer.encode("word ".repeat(100));
      assertEquals(16, text.length());
      assertEquals(101, text.ids()[0]);
      assertEquals(102, text.ids()[15]);
    }
  }

  @Test
  void keepsAQuarterOfTheBudgetForTheHeadAndTheRestForTheTail() {
    long[] ids = new long[20];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    // Budget 10: [CLS], head of (10 - 2) / 4 = 2, tail of 6, [SEP].
    TokenizedText kept = TextTokenizer.headAndTail(ids, new long[20], 10);
    assertArrayEquals(new long[] {0, 1, 2, 13, 14, 15, 16, 17, 18, 19}, kept.ids());
    assertEquals(10, TextTokenizer.headAndTail(ids, new long[20], 30).length() / 2);
  }

  @Test
  void survivesUnpairedSurrogates() throws IOException {
    try (TextTokenizer tokenizer = miniLmTokenizer(256)) {
      assertTrue(tokenizer.encode("broken \ud800 text \udc00 here").length() >= 5);
    }
  }

  @Test
  void malformedJsonNamesTheLocation() {
    EmbeddingModelException e =
        assertThrows(
            EmbeddingModelException.class,
            () -> TextTokenizer.load("{oops".getBytes(StandardCharsets.UTF_8), "/x/tok.json", 8));
    assertTrue(e.getMessage().contains("/x/tok.json"), e.getMessage());
  }
}
