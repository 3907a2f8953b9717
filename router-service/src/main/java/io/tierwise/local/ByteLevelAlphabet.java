package io.tierwise.local;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible mapping between bytes and printable characters, used by byte-level BPE
 * vocabularies: printable Latin-1 characters stand for themselves, the other 68 byte values for
 * U+0100 upwards (so a space is {@code Ġ}).
 */
final class ByteLevelAlphabet {

  private static final int[] CHAR_TO_BYTE = new int[512];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int next = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable =
          (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      int c = printable ? b : 256 + next++;
      CHAR_TO_BYTE[c] = b;
    }
  }

  private ByteLevelAlphabet() {}

  /**
   * The bytes a byte-level piece stands for; a piece with a character outside the alphabet (an
   * added token such as {@code <|im_end|>}) stands for its own UTF-8, as the HuggingFace decoder
   * does.
   */
  static byte[] toBytes(String piece) {
    byte[] out = new byte[piece.length()];
    for (int i = 0; i < piece.length(); i++) {
      char c = piece.charAt(i);
      int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
      if (b < 0) {
        return piece.getBytes(StandardCharsets.UTF_8);
      }
      out[i] = (byte) b;
    }
    return out;
  }
}
