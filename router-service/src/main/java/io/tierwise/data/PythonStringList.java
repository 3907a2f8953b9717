package io.tierwise.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses the Python source text of a list of strings, such as {@code ['It\'s', "a \"b\"\n"]}, the
 * way RouterBench stores prompts and responses ({@code repr()} of a Python list).
 *
 * <p>Supports single, double and triple quotes, the {@code r} and {@code u} prefixes, implicit
 * concatenation of adjacent literals, a trailing comma, and every escape of Python 3 {@code str}
 * literals: {@code \\ \' \" \a \b \f \n \r \t \v}, octal {@code \ooo}, {@code \xhh}, {@code
 * \\uXXXX}, {@code \UXXXXXXXX}, {@code \N{NAME}} and backslash-newline; like Python, an unknown
 * escape such as {@code \d} keeps its backslash.
 */
final class PythonStringList {

  private final String text;
  private int pos;

  private PythonStringList(String text) {
    this.text = text;
  }

  /**
   * The strings of the list literal {@code text}.
   *
   * @throws IllegalArgumentException with the offset of the first problem if {@code text} is not a
   *     list of string literals
   */
  static List<String> parse(String text) {
    Objects.requireNonNull(text, "text");
    return new PythonStringList(text).list();
  }

  private List<String> list() {
    skipWhitespace();
    expect('[');
    List<String> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
    } else {
      while (true) {
        items.add(concatenatedLiterals());
        skipWhitespace();
        char separator = next("',' or ']'");
        if (separator == ']') {
          break;
        }
        if (separator != ',') {
          throw problem(pos - 1, "expected ',' or ']' but found '" + separator + "'");
        }
        skipWhitespace();
        if (peek() == ']') {
          pos++;
          break;
        }
      }
    }
    skipWhitespace();
    if (pos < text.length()) {
      throw problem(pos, "unexpected text after the closing ']'");
    }
    return items;
  }

  private String concatenatedLiterals() {
    StringBuilder value = new StringBuilder();
    literal(value);
    while (true) {
      int afterLiteral = pos;
      skipWhitespace();
      if (pos < text.length() && startsLiteral(text.charAt(pos))) {
        literal(value);
      } else {
        pos = afterLiteral;
        return value.toString();
      }
    }
  }

  private static boolean startsLiteral(char c) {
    return c == '\'' || c == '"' || "rRuUbBfF".indexOf(c) >= 0;
  }

  private void literal(StringBuilder out) {
    int start = pos;
    boolean raw = false;
    while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
      char prefix = text.charAt(pos);
      if (prefix == 'r' || prefix == 'R') {
        raw = true;
      } else if (prefix != 'u' && prefix != 'U') {
        throw problem(pos, "only str literals are supported, found prefix '" + prefix + "'");
      }
      pos++;
    }
    if (pos - start > 2) {
      throw problem(start, "invalid string prefix '" + text.substring(start, pos) + "'");
    }
    char quote = next("a string literal");
    if (quote != '\'' && quote != '"') {
      throw problem(pos - 1, "expected a string literal but found '" + quote + "'");
    }
    boolean triple = text.startsWith(String.valueOf(quote).repeat(2), pos);
    if (triple) {
      pos += 2;
    }
    while (true) {
      if (pos >= text.length()) {
        throw problem(start, "unterminated string literal");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        if (!triple) {
          return;
        }
        if (text.startsWith(String.valueOf(quote).repeat(2), pos)) {
          pos += 2;
          return;
        }
        out.append(c);
      } else if (c == '\\') {
        if (raw) {
          out.append('\\');
          if (pos < text.length()) {
            out.append(text.charAt(pos++));
          }
        } else {
          escape(out);
        }
      } else if ((c == '\n' || c == '\r') && !triple) {
        throw problem(pos - 1, "line break inside a single-quoted string literal");
      } else {
        out.append(c);
      }
    }
  }

  private void escape(StringBuilder out) {
    int backslash = pos - 1;
    char c = next("an escape sequence");
    switch (c) {
      case '\n' -> {} // backslash-newline continues the literal on the next line
      case '\r' -> {
        if (peek() == '\n') {
          pos++;
        }
      }
      case '\\', '\'', '"' -> out.append(c);
      case 'a' -> out.append('\u0007');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'v' -> out.append('\u000B');
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int value = c - '0';
        for (int digits = 1; digits < 3 && pos < text.length(); digits++) {
          char d = text.charAt(pos);
          if (d < '0' || d > '7') {
            break;
          }
          value = value * 8 + (d - '0');
          pos++;
        }
        out.appendCodePoint(value);
      }
      case 'x' -> out.appendCodePoint(hex(2, backslash));
      case 'u' -> out.appendCodePoint(hex(4, backslash));
      case 'U' -> {
        int codePoint = hex(8, backslash);
        if (codePoint > Character.MAX_CODE_POINT) {
          throw problem(backslash, "\\U escape beyond U+10FFFF: " + Integer.toHexString(codePoint));
        }
        out.appendCodePoint(codePoint);
      }
      case 'N' -> out.appendCodePoint(namedCharacter(backslash));
      default -> out.append('\\').append(c);
    }
  }

  private int hex(int digits, int backslash) {
    if (pos + digits > text.length()) {
      throw problem(backslash, "truncated escape, expected " + digits + " hex digits");
    }
    long value = 0;
    for (int i = 0; i < digits; i++) {
      char c = text.charAt(pos + i);
      int digit = c < 128 ? Character.digit(c, 16) : -1;
      if (digit < 0) {
        throw problem(backslash, "truncated escape, expected " + digits + " hex digits");
      }
      value = value * 16 + digit;
    }
    pos += digits;
    if (value > Integer.MAX_VALUE) {
      throw problem(backslash, "escape value out of range: " + Long.toHexString(value));
    }
    return (int) value;
  }

  private int namedCharacter(int backslash) {
    int close = text.indexOf('}', pos);
    if (peek() != '{' || close < 0) {
      throw problem(backslash, "malformed \\N{...} escape");
    }
    String name = text.substring(pos + 1, close);
    pos = close + 1;
    try {
      return Character.codePointOf(name);
    } catch (IllegalArgumentException e) {
      throw problem(backslash, "unknown Unicode character name '" + name + "'");
    }
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private void expect(char expected) {
    char found = next("'" + expected + "'");
    if (found != expected) {
      throw problem(pos - 1, "expected '" + expected + "' but found '" + found + "'");
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next(String expected) {
    if (pos >= text.length()) {
      throw problem(pos, "unexpected end of text, expected " + expected);
    }
    return text.charAt(pos++);
  }

  private IllegalArgumentException problem(int offset, String message) {
    return new IllegalArgumentException(
        "not a Python list of strings at offset " + offset + ": " + message);
  }
}
