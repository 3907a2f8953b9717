package io.tierwise.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PythonStringListTest {

  @Test
  void parsesQuotesOfBothKindsAndJoinsNothing() {
    assertEquals(List.of("a", "It's", "b"), PythonStringList.parse("['a', \"It's\", 'b']"));
  }

  @Test
  void decodesSimpleEscapes() {
    assertEquals(
        List.of("a\nb\tc\\d'e\"f\rg\u0007\b\f\u000B"),
        PythonStringList.parse("['a\\nb\\tc\\\\d\\'e\\\"f\\rg\\a\\b\\f\\v']"));
  }

  @Test
  void decodesNumericAndNamedEscapes() {
    assertEquals(
        List.of("\u0002A\0\u00e9\uD83D\uDE00\u2022"),
        PythonStringList.parse("['\\x02\\101\\0\\u00e9\\U0001F600\\N{BULLET}']"));
  }

  @Test
  void octalEscapeStopsAfterThreeDigits() {
    assertEquals(List.of("\u00491"), PythonStringList.parse("['\\1111']"));
  }

  @Test
  void keepsBackslashOfUnknownEscapeLikePython() {
    assertEquals(List.of("\\d+ \\q"), PythonStringList.parse("['\\d+ \\q']"));
    assertEquals(List.of("\times"), PythonStringList.parse("['\\times']"), "\\t is a tab");
  }

  @Test
  void rawStringsKeepBackslashes() {
    assertEquals(List.of("a\\nb\\'c"), PythonStringList.parse("[r'a\\nb\\'c']"));
  }

  @Test
  void tripleQuotedStringsMayHoldLineBreaksAndQuotes() {
    assertEquals(List.of("a'b\nc\"\""), PythonStringList.parse("['''a'b\nc\"\"''']"));
  }

  @Test
  void backslashNewlineContinuesTheLiteral() {
    assertEquals(List.of("ab"), PythonStringList.parse("['a\\\nb']"));
  }

  @Test
  void concatenatesAdjacentLiterals() {
    assertEquals(List.of("abcd", "e"), PythonStringList.parse("['ab' \"cd\", u'e']"));
  }

  @Test
  void acceptsEmptyListTrailingCommaAndWhitespace() {
    assertEquals(List.of(), PythonStringList.parse(" [ ] "));
    assertEquals(List.of("a", "b"), PythonStringList.parse("[\n  'a',\n  'b',\n]"));
  }

  @Test
  void reportsUnterminatedStringWithOffset() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PythonStringList.parse("['abc]"));
    assertTrue(e.getMessage().contains("offset 1"), e.getMessage());
    assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
  }

  @Test
  void rejectsTextThatIsNotAListOfStrings() {
    assertMessage("'a'", "expected '['");
    assertMessage("['a'] x", "after the closing ']'");
    assertMessage("['a' 'b' 3]", "expected ',' or ']'");
    assertMessage("[b'a']", "prefix 'b'");
    assertMessage("['a'", "unexpected end of text");
    assertMessage("['\\x4']", "expected 2 hex digits");
    assertMessage("['a\nb']", "line break inside a single-quoted");
    assertMessage("['\\N{NO SUCH CHARACTER NAME}']", "unknown Unicode character name");
  }

  private static void assertMessage(String literal, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PythonStringList.parse(literal));
    assertTrue(e.getMessage().contains(expected), literal + " -> " + e.getMessage());
  }
}
