package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenVocabularyTest {

  @Test
  void sentencePiecePiecesBecomeTextAndByteFallbackBytes() {
    TokenVocabulary vocab =
        TokenVocabulary.load(TestModels.stories260k().resolve("tokenizer.json"));
    assertEquals(512, vocab.size());
    assertArrayEquals(" ".getBytes(StandardCharsets.UTF_8), vocab.bytes(410), "▁ is a space");
    assertEquals(" there", vocab.token(383));
    // <0xE6> (id 0xE6 + 3) is one byte of a three-byte character.
    assertArrayEquals(new byte[] {(byte) 0xE6}, vocab.bytes(0xE6 + 3));
    assertEquals("bytes:\\xe6", vocab.token(0xE6 + 3));
    assertArrayEquals(new byte[] {'A'}, vocab.bytes('A' + 3));
    // Special tokens add no text but keep their name for display.
    assertEquals(0, vocab.bytes(2).length);
    assertEquals("</s>", vocab.token(2));
  }

  @Test
  void byteLevelPiecesMapBackToBytes() {
    TokenVocabulary vocab =
        TokenVocabulary.load(TestModels.tinyDecoder().resolve("tokenizer.json"));
    assertEquals(300, vocab.size());
    // Ids 3..258 are the 256 byte characters in byte order; 'Ġ' (byte 0x20) is id 3 + 32.
    assertArrayEquals(new byte[] {' '}, vocab.bytes(3 + ' '));
    assertArrayEquals(new byte[] {(byte) 0xFF}, vocab.bytes(3 + 0xFF));
    assertEquals("bytes:\\xff", vocab.token(3 + 0xFF));
    assertEquals(0, vocab.bytes(1).length);
    assertEquals("<s>", vocab.token(1));
  }

  @Test
  void idsBeyondTheVocabularyHaveNoText() {
    TokenVocabulary vocab =
        TokenVocabulary.load(TestModels.tinyDecoder().resolve("tokenizer.json"));
    assertEquals(0, vocab.bytes(10_000).length);
    assertEquals("", vocab.token(10_000));
  }

  @Test
  void byteLevelAlphabetKeepsAddedTokenText() {
    assertArrayEquals(
        "<|im_end|>".getBytes(StandardCharsets.UTF_8), ByteLevelAlphabet.toBytes("<|im_end|>"));
    assertArrayEquals(
        " hi".getBytes(StandardCharsets.UTF_8), ByteLevelAlphabet.toBytes("\u0120hi"));
  }
}
