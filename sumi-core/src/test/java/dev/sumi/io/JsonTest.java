package dev.sumi.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

  @Test
  void parsesEveryKindOfValue() {
    Object parsed =
        Json.parse(
            " {\"s\": \"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\", \"i\": -42, \"d\":"
                + " 1.5e3, \"t\": true, \"f\": false, \"n\": null, \"a\": [1, [], {}]}\r\n");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "a\"b\\c/d\b\f\n\r\té\uD83D\uDE00");
    expected.put("i", -42L);
    expected.put("d", 1500.0);
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("a", List.of(1L, List.of(), Map.of()));
    assertEquals(expected, parsed);
    assertEquals(
        List.of("s", "i", "d", "t", "f", "n", "a"),
        new ArrayList<>(((Map<?, ?>) parsed).keySet()),
        "member order is kept");
  }

  @Test
  void integersAreLongsAndEverythingElseDoubles() {
    assertEquals(0L, Json.parse("0"));
    assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
    assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
    assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808"));
    assertEquals(1.0, Json.parse("1.0"));
    assertEquals(100.0, Json.parse("1E2"));
    assertEquals(0.01, Json.parse("1e-2"));
    assertEquals(-0.0, Json.parse("-0.0"));
    assertEquals(5e-324, Json.parse("4.9E-324"));
  }

  @Test
  void writesCompactAndPretty() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "conv");
    value.put("shape", new int[] {1, 28, 28});
    value.put("empty", List.of());
    value.put("nested", Map.of("ok", true));
    value.put("none", null);
    assertEquals(
        "{\"name\":\"conv\",\"shape\":[1,28,28],\"empty\":[],\"nested\":{\"ok\":true},\"none\":null}",
        Json.write(value));
    assertEquals(
        """
        {
          "name": "conv",
          "shape": [
            1,
            28,
            28
          ],
          "empty": [],
          "nested": {
            "ok": true
          },
          "none": null
        }""",
        Json.pretty(value));
    assertEquals(Json.parse(Json.write(value)), Json.parse(Json.pretty(value)));
  }

  @Test
  void escapesControlCharactersAndUnpairedSurrogates() {
    String s = "q\"b\\n\nt\tnul\0del\u007fls\u2028lone\uD800end\uD83D\uDE00é";
    String written = Json.write(s);
    assertEquals(
        "\"q\\\"b\\\\n\\nt\\tnul\\u0000del\\u007fls\\u2028lone\\ud800end\uD83D\uDE00é\"", written);
    assertEquals(s, Json.parse(written));
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    assertEquals(all.toString(), Json.parse(Json.write(all.toString())));
  }

  @Test
  void doublesAndFloatsReadBackExactly() {
    SplittableRandom random = new SplittableRandom(7);
    double[] special = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e-310, 123456789.0};
    for (double d : special) {
      assertEquals(d, (Double) Json.parse(Json.write(d)));
    }
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(d)) {
        assertEquals(d, (Double) Json.parse(Json.write(d)), () -> "double " + d);
      }
      float f = Float.intBitsToFloat(random.nextInt());
      if (Float.isFinite(f)) {
        Object back = Json.parse(Json.write(f));
        assertEquals(
            Float.floatToRawIntBits(f),
            Float.floatToRawIntBits((float) (double) (Double) back),
            () -> "float " + f);
      }
    }
    float[] weights = {0.1f, -0.0f, Float.MIN_VALUE, 3.4028235e38f, 1e-40f};
    List<?> back = (List<?>) Json.parse(Json.write(weights));
    float[] read = new float[back.size()];
    for (int i = 0; i < read.length; i++) {
      read[i] = ((Double) back.get(i)).floatValue();
    }
    assertTrue(Arrays.equals(weights, read));
  }

  @Test
  void roundTripsNestedStructures() {
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("type", "Conv2D");
    layer.put("filters", 32L);
    layer.put("rate", 0.25);
    layer.put("bias", true);
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("layers", List.of(layer, Map.of("type", "Dense", "units", 10L)));
    model.put("input", List.of(1L, 28L, 28L));
    model.put("name", "mnist \"small\"\n");
    model.put("deep", List.of(List.of(List.of(List.of()))));
    assertEquals(model, Json.parse(Json.write(model)));
    assertEquals(model, Json.parse(Json.pretty(model)));
    assertEquals(Json.write(model), Json.write(Json.parse(Json.pretty(model))));
  }

  @Test
  void parsesScalarsAtTopLevelAndAByteOrderMark() {
    assertEquals("x", Json.parse("\"x\""));
    assertNull(Json.parse(" null "));
    assertEquals(true, Json.parse("\uFEFFtrue"));
    assertInstanceOf(Map.class, Json.parse("{}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``                | line 1, column 1: expected a JSON value but found the end of the text.",
        "`   `             | line 1, column 4: expected a JSON value",
        "{                 | line 1, column 2: expected a member name in double quotes but found the"
            + " end",
        "{\"a\" 1}         | column 6: expected ':' after the member name but found '1'.",
        "{\"a\":1,}        | column 8: expected a member name in double quotes but found '}'.",
        "{\"a\":1 \"b\":2} | column 8: expected ',' or '}' after an object member but found '\"'.",
        "[1,]              | column 4: expected a JSON value",
        "[1 2]             | column 4: expected ',' or ']' after an array element but found '2'.",
        "{'a':1}           | column 2: expected a member name in double quotes but found \"'\".",
        "tru               | column 4: expected the literal true but found the end of the text.",
        "nul1              | column 4: expected the literal null but found '1'.",
        "01                | column 2: expected '.', 'e' or the end of the number after a leading 0",
        "-                 | column 2: expected a digit but found the end",
        "1.                | column 3: expected a digit after the decimal point",
        "1e+               | column 4: expected a digit in the exponent",
        ".5                | column 1: expected a JSON value (object, array, string, number, true,",
        "+1                | column 1: expected a JSON value",
        "1e999             | column 1: expected a number within the range of a double but found"
            + " 1e999.",
        "\"abc             | column 5: expected a closing '\"' of the string but found the end",
        "\"a\\x\"          | column 4: expected an escape character",
        "\"\\u12G4\"       | column 6: expected a hexadecimal digit of a \\u escape but found 'G'.",
        "{} x              | column 4: expected the end of the text after the JSON value but found"
            + " 'x'.",
        "NaN               | column 1: expected a JSON value",
        "{\"a\":1,\"a\":2} | column 8: expected each member name once per object but found a"
            + " second \"a\".",
      })
  void reportsWhereAndWhatWasExpected(String text, String message) {
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
    assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
    assertTrue(e.getMessage().startsWith("Invalid JSON at line "), e.getMessage());
  }

  @Test
  void reportsLineAndColumnOfMultiLineText() {
    JsonException e =
        assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\": \"x\ty\"\n}"));
    assertEquals(
        "Invalid JSON at line 3, column 10: expected a string character (control characters must"
            + " be escaped, e.g. as \\n) but found character U+0009.",
        e.getMessage());
  }

  @Test
  void refusesHostileNesting() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    JsonException e = assertThrows(JsonException.class, () -> Json.parse(deep));
    assertTrue(e.getMessage().contains("nested no deeper than 512 levels"), e.getMessage());
    assertEquals(1, ((List<?>) Json.parse("[".repeat(512) + "]".repeat(512))).size());
  }

  @Test
  void refusesValuesJsonCannotExpress() {
    assertEquals(
        "Cannot write the number NaN as JSON, which has no NaN or infinite numbers.",
        assertThrows(JsonException.class, () -> Json.write(Double.NaN)).getMessage());
    assertThrows(JsonException.class, () -> Json.write(List.of(Float.POSITIVE_INFINITY)));
    assertThrows(JsonException.class, () -> Json.write(new double[] {Double.NEGATIVE_INFINITY}));
    assertTrue(
        assertThrows(JsonException.class, () -> Json.write(Map.of(1, "x")))
            .getMessage()
            .contains("map key of type java.lang.Integer"));
    assertTrue(
        assertThrows(JsonException.class, () -> Json.write(new Object()))
            .getMessage()
            .contains("Cannot write a java.lang.Object as JSON"));
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    assertTrue(
        assertThrows(JsonException.class, () -> Json.write(cyclic))
            .getMessage()
            .contains("cyclic"));
  }
}
