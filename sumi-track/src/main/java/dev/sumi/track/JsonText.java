package dev.sumi.track;

import dev.sumi.io.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON text columns: maps in and out, with NaN and infinities stored as null. */
final class JsonText {
  private JsonText() {}

  static String write(Map<String, Object> map) {
    return Json.write(finite(map));
  }

  /** Parses a JSON object column; an empty or null column is an empty map. */
  static Map<String, Object> readObject(String text) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    if (Json.parse(text) instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    return out;
  }

  /** A copy of {@code value} with NaN and infinite numbers replaced by null. */
  static Object finite(Object value) {
    return switch (value) {
      case Double d when !Double.isFinite(d) -> null;
      case Float f when !Float.isFinite(f) -> null;
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), finite(v)));
        yield out;
      }
      case Collection<?> c -> {
        ArrayList<Object> out = new ArrayList<>(c.size());
        c.forEach(v -> out.add(finite(v)));
        yield out;
      }
      case null, default -> value;
    };
  }
}
