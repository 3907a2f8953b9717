package io.tierwise.local;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a stream of token bytes into text, holding back the bytes of a character whose remaining
 * bytes have not arrived yet. Malformed bytes become U+FFFD, as the HuggingFace decoders' lossy
 * UTF-8 conversion does.
 */
final class Utf8Accumulator {

  private byte[] pending = new byte[8];
  private int pendingLength;

  /** Appends bytes and returns the text they complete, possibly empty. */
  String append(byte[] bytes) {
    if (bytes.length == 0) {
      return "";
    }
    if (pendingLength + bytes.length > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + bytes.length));
    }
    System.arraycopy(bytes, 0, pending, pendingLength, bytes.length);
    pendingLength += bytes.length;
    int complete = pendingLength - incompleteTail(pending, pendingLength);
    if (complete == 0) {
      return "";
    }
    String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
    System.arraycopy(pending, complete, pending, 0, pendingLength - complete);
    pendingLength -= complete;
    return text;
  }

  /** Returns the text of bytes still held back (replacement characters), and forgets them. */
  String flush() {
    String text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
    pendingLength = 0;
    return text;
  }

  /**
   * Length of a trailing, so far valid, prefix of a multi-byte sequence: a lead byte followed by
   * fewer continuation bytes than it announces. Anything else is decodable now.
   */
  static int incompleteTail(byte[] bytes, int length) {
    for (int back = 1; back <= 3 && back <= length; back++) {
      int b = bytes[length - back] & 0xff;
      if ((b & 0xC0) == 0x80) {
        continue; // continuation byte: keep looking for its lead byte
      }
      int needed = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 1;
      return needed > back ? back : 0;
    }
    return 0;
  }
}
