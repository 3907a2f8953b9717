package io.tierwise.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes to text and stop strings, the two halves of streaming output. */
class TextAssemblyTest {

  @Test
  void multiByteCharacterIsHeldUntilComplete() {
    Utf8Accumulator utf8 = new Utf8Accumulator();
    byte[] nihon = "\u65e5".getBytes(StandardCharsets.UTF_8);
    assertEquals("a", utf8.append(new byte[] {'a', nihon[0]}));
    assertEquals("", utf8.append(new byte[] {nihon[1]}));
    assertEquals("\u65e5b", utf8.append(new byte[] {nihon[2], 'b'}));
    assertEquals("", utf8.flush());
  }

  @Test
  void malformedBytesBecomeReplacementCharacters() {
    Utf8Accumulator utf8 = new Utf8Accumulator();
    assertEquals("x\uFFFD", utf8.append(new byte[] {'x', (byte) 0x97}));
    assertEquals("", utf8.append(new byte[] {(byte) 0xE6}));
    assertEquals("\uFFFDy", utf8.append(new byte[] {'y'}));
    assertEquals("", utf8.append(new byte[] {(byte) 0xF0, (byte) 0x9F}));
    assertEquals("\uFFFD", utf8.flush(), "an unfinished character at the end is replaced");
  }

  @Test
  void incompleteTailRecognisesEachLeadByte() {
    assertEquals(0, Utf8Accumulator.incompleteTail(new byte[] {'a'}, 1));
    assertEquals(1, Utf8Accumulator.incompleteTail(new byte[] {(byte) 0xC3}, 1));
    assertEquals(2, Utf8Accumulator.incompleteTail(new byte[] {(byte) 0xE6, (byte) 0x97}, 2));
    assertEquals(
        0, Utf8Accumulator.incompleteTail(new byte[] {(byte) 0xE6, (byte) 0x97, (byte) 0xA5}, 3));
    assertEquals(
        3, Utf8Accumulator.incompleteTail(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, 3));
  }

  @Test
  void stopStringIsFoundAcrossTheBoundaryOfNewText() {
    StopStrings stops = new StopStrings(List.of("END", "\n\n"));
    assertEquals(3, stops.find("abcEND", 4), "match starting before the new text");
    assertEquals(-1, stops.find("abcEN", 3));
    assertEquals(1, stops.find("a\n\nEND", 2), "the earliest of several stop strings");
  }

  @Test
  void heldBackCoversOnlyPossibleStopPrefixes() {
    StopStrings stops = new StopStrings(List.of("END", "\n\n"));
    assertEquals(2, stops.heldBack("abcEN"));
    assertEquals(1, stops.heldBack("abc\n"));
    assertEquals(0, stops.heldBack("abcX"));
    assertEquals(0, new StopStrings(List.of()).heldBack("abc"));
  }
}
