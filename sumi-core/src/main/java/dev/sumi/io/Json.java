package dev.sumi.io;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A small JSON (RFC 8259) reader and writer.
 *
 * <p>Parsed values map to Java as follows: object to {@code Map<String, Object>} (a {@link
 * LinkedHashMap} that keeps member order), array to {@code List<Object>}, string to {@link String},
 * number to {@link Long} when written without fraction or exponent and within the range of a long,
 * otherwise {@link Double}, {@code true}/{@code false} to {@link Boolean}, {@code null} to {@code
 * null}. Objects with a repeated member name are rejected rather than silently keeping one value.
 *
 * <p>The writer accepts maps with String keys, collections, arrays (of objects or primitives),
 * strings, numbers, booleans and null. Floats and doubles are written in the shortest form that
 * reads back to the same value: a double reads back identical, a float reads back as a Double that
 * casts back to the identical float. NaN and infinities are rejected, as JSON cannot express them.
 */
public final class Json {
  /** Deeper nesting is refused, so that hostile input cannot overflow the stack. */
  private static final int MAX_DEPTH = 512;

  private Json() {}

  /**
   * Parses a complete JSON text.
   *
   * @throws JsonException if the text is not valid JSON; the message gives line and column
   */
  public static Object parse(String text) {
    return new Parser(text).document();
  }

  /** Writes a value as compact JSON, without any whitespace. */
  public static String write(Object value) {
    return new Writer(null).write(value);
  }

  /** Writes a value as JSON indented by two spaces per level, one member or element per line. */
  public static String pretty(Object value) {
    return new Writer("  ").write(value);
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    Object document() {
      if (text.startsWith("\uFEFF")) {
        pos = 1;
      }
      skipWhitespace();
      Object value = value(0);
      skipWhitespace();
      if (pos < text.length()) {
        throw error("the end of the text after the JSON value");
      }
      return value;
    }

    private Object value(int depth) {
      if (pos >= text.length()) {
        throw error("a JSON value");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> object(depth + 1);
        case '[' -> array(depth + 1);
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || isDigit(c)) {
            yield number();
          }
          throw error("a JSON value (object, array, string, number, true, false or null)");
        }
      };
    }

    private Map<String, Object> object(int depth) {
      checkDepth(depth);
      pos++;
      Map<String, Object> members = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return members;
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("a member name in double quotes");
        }
        int namePos = pos;
        String name = string();
        if (members.containsKey(name)) {
          pos = namePos;
          throw error("each member name once per object", "a second " + write(name));
        }
        skipWhitespace();
        expect(':', "':' after the member name");
        skipWhitespace();
        members.put(name, value(depth));
        skipWhitespace();
        if (!consume(',')) {
          expect('}', "',' or '}' after an object member");
          return members;
        }
      }
    }

    private List<Object> array(int depth) {
      checkDepth(depth);
      pos++;
      List<Object> elements = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return elements;
      }
      while (true) {
        skipWhitespace();
        elements.add(value(depth));
        skipWhitespace();
        if (!consume(',')) {
          expect(']', "',' or ']' after an array element");
          return elements;
        }
      }
    }

    private String string() {
      pos++; // opening quote
      StringBuilder b = new StringBuilder();
      int runStart = pos;
      while (true) {
        if (pos >= text.length()) {
          throw error("a closing '\"' of the string");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          b.append(text, runStart, pos);
          pos++;
          return b.toString();
        } else if (c == '\\') {
          b.append(text, runStart, pos);
          pos++;
          b.append(escape());
          runStart = pos;
        } else if (c < 0x20) {
          throw error("a string character (control characters must be escaped, e.g. as \\n)");
        } else {
          pos++;
        }
      }
    }

    private char escape() {
      char c = peek();
      pos++;
      return switch (c) {
        case '"' -> '"';
        case '\\' -> '\\';
        case '/' -> '/';
        case 'b' -> '\b';
        case 'f' -> '\f';
        case 'n' -> '\n';
        case 'r' -> '\r';
        case 't' -> '\t';
        case 'u' -> {
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int digit = Character.digit(peek(), 16);
            if (digit < 0) {
              throw error("a hexadecimal digit of a \\u escape");
            }
            code = code * 16 + digit;
            pos++;
          }
          yield (char) code;
        }
        default -> {
          pos--;
          throw error("an escape character (one of \" \\ / b f n r t u) after '\\'");
        }
      };
    }

    private Object number() {
      int start = pos;
      consume('-');
      if (consume('0')) {
        if (isDigit(peek())) {
          throw error("'.', 'e' or the end of the number after a leading 0");
        }
      } else {
        digits("a digit");
      }
      boolean integral = true;
      if (consume('.')) {
        integral = false;
        digits("a digit after the decimal point");
      }
      if (consume('e') || consume('E')) {
        integral = false;
        if (!consume('+')) {
          consume('-');
        }
        digits("a digit in the exponent");
      }
      String literal = text.substring(start, pos);
      if (integral) {
        try {
          return Long.parseLong(literal);
        } catch (NumberFormatException tooLarge) {
          // Falls through: integers beyond the range of a long become doubles.
        }
      }
      double value = Double.parseDouble(literal);
      if (Double.isInfinite(value)) {
        pos = start;
        throw error("a number within the range of a double", literal);
      }
      return value;
    }

    private void digits(String expected) {
      if (!isDigit(peek())) {
        throw error(expected);
      }
      while (isDigit(peek())) {
        pos++;
      }
    }

    private Object literal(String word, Object value) {
      for (int i = 0; i < word.length(); i++, pos++) {
        if (peek() != word.charAt(i)) {
          throw error("the literal " + word);
        }
      }
      return value;
    }

    private void checkDepth(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("objects and arrays nested no deeper than " + MAX_DEPTH + " levels");
      }
    }

    private void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    /** The current character, or U+FFFF (never valid where a test uses it) at the end. */
    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\uFFFF';
    }

    private boolean consume(char c) {
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c, String expected) {
      if (!consume(c)) {
        throw error(expected);
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private JsonException error(String expected) {
      String found;
      if (pos >= text.length()) {
        found = "the end of the text";
      } else {
        char c = text.charAt(pos);
        found =
            c < 0x20 || c >= 0x7f
                ? String.format("character U+%04X", (int) c)
                : c == '\'' ? "\"'\"" : "'" + c + "'";
      }
      return error(expected, found);
    }

    private JsonException error(String expected, String found) {
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < pos; i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new JsonException(
          "Invalid JSON at line "
              + line
              + ", column "
              + (pos - lineStart + 1)
              + ": expected "
              + expected
              + " but found "
              + found
              + ".");
    }
  }

  private static final class Writer {
    private final StringBuilder out = new StringBuilder();

    /** One level of indentation, or null for compact output. */
    private final String indent;

    Writer(String indent) {
      this.indent = indent;
    }

    String write(Object value) {
      value(value, 0);
      return out.toString();
    }

    private void value(Object value, int depth) {
      if (depth > MAX_DEPTH) {
        throw new JsonException(
            "Cannot write JSON nested deeper than " + MAX_DEPTH + " levels; is the value cyclic?");
      }
      switch (value) {
        case null -> out.append("null");
        case String s -> string(s);
        case Boolean b -> out.append(b.booleanValue());
        case Double d -> out.append(Double.toString(finite(d, d.isNaN() || d.isInfinite())));
        case Float f -> out.append(Float.toString(finite(f, f.isNaN() || f.isInfinite())));
        case Long _, Integer _, Short _, Byte _, BigInteger _, BigDecimal _ -> out.append(value);
        case Map<?, ?> map -> object(map, depth);
        case Collection<?> collection -> array(collection.iterator(), collection.isEmpty(), depth);
        default -> {
          if (!value.getClass().isArray()) {
            throw new JsonException(
                "Cannot write a "
                    + value.getClass().getName()
                    + " as JSON; expected a Map, Collection, array, String, Number, Boolean or"
                    + " null.");
          }
          int n = Array.getLength(value);
          array(IntStream.range(0, n).mapToObj(i -> Array.get(value, i)).iterator(), n == 0, depth);
        }
      }
    }

    private static <T extends Number> T finite(T number, boolean notFinite) {
      if (notFinite) {
        throw new JsonException(
            "Cannot write the number "
                + number
                + " as JSON, which has no NaN or infinite numbers.");
      }
      return number;
    }

    private void object(Map<?, ?> map, int depth) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> member : map.entrySet()) {
        if (!(member.getKey() instanceof String name)) {
          throw new JsonException(
              "Cannot write a map key of type "
                  + (member.getKey() == null ? "null" : member.getKey().getClass().getName())
                  + " as JSON; object member names must be Strings.");
        }
        out.append(separator);
        newline(depth + 1);
        string(name);
        out.append(indent == null ? ":" : ": ");
        value(member.getValue(), depth + 1);
        separator = ",";
      }
      newline(depth);
      out.append('}');
    }

    private void array(Iterator<?> elements, boolean empty, int depth) {
      if (empty) {
        out.append("[]");
        return;
      }
      out.append('[');
      String separator = "";
      while (elements.hasNext()) {
        out.append(separator);
        newline(depth + 1);
        value(elements.next(), depth + 1);
        separator = ",";
      }
      newline(depth);
      out.append(']');
    }

    private void newline(int depth) {
      if (indent != null) {
        out.append('\n').repeat(indent, depth);
      }
    }

    private void string(String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          case '\b' -> out.append("\\b");
          case '\f' -> out.append("\\f");
          default -> {
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
              // Unpaired surrogates have no UTF-8 encoding, so only an escape preserves them.
              unicodeEscape(c);
            } else if (c == '\u2028' || c == '\u2029') {
              // Line terminators in JavaScript source; escaped so the output is also valid JS.
              unicodeEscape(c);
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }

    private void unicodeEscape(char c) {
      out.append("\\u");
      for (int shift = 12; shift >= 0; shift -= 4) {
        out.append(Character.forDigit((c >> shift) & 0xF, 16));
      }
    }
  }
}
