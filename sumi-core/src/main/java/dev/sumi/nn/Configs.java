package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import java.util.Map;
import java.util.Optional;

/** Typed, checked access to a layer's configuration map as read from a model file. */
final class Configs {
  private Configs() {}

  static final class Reader {
    private final String type;
    private final Map<String, Object> map;

    Reader(String type, Map<String, Object> map) {
      this.type = type;
      this.map = map;
    }

    int integer(String key) {
      Object v = require(key);
      if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
        return n.intValue();
      }
      throw invalid(key, "an integer", v);
    }

    int integer(String key, int fallback) {
      return map.containsKey(key) ? integer(key) : fallback;
    }

    float number(String key, float fallback) {
      Object v = map.get(key);
      if (v == null) {
        return fallback;
      }
      if (v instanceof Number n) {
        return n.floatValue();
      }
      throw invalid(key, "a number", v);
    }

    boolean bool(String key, boolean fallback) {
      Object v = map.get(key);
      if (v == null) {
        return fallback;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      throw invalid(key, "true or false", v);
    }

    String string(String key, String fallback) {
      return optionalString(key).orElse(fallback);
    }

    Optional<String> optionalString(String key) {
      Object v = map.get(key);
      if (v == null) {
        return Optional.empty();
      }
      if (v instanceof String s) {
        return Optional.of(s);
      }
      throw invalid(key, "a string", v);
    }

    /** Whether "padding" is "same" (true) or "valid" (false, the default). */
    boolean padding() {
      String padding = string("padding", "valid");
      return switch (padding) {
        case "same" -> true;
        case "valid" -> false;
        default ->
            throw new IllegalArgumentException(
                type + " padding '" + padding + "' is unknown; expected valid or same.");
      };
    }

    Activation activation() {
      return Activation.fromId(string("activation", "none"), number("alpha", 0f));
    }

    private Object require(String key) {
      Object v = map.get(key);
      if (v == null) {
        throw new IllegalArgumentException(
            type + " configuration lacks '" + key + "'; the model file is incomplete.");
      }
      return v;
    }

    private IllegalArgumentException invalid(String key, String expected, Object v) {
      return new IllegalArgumentException(
          type + " configuration '" + key + "' is " + v + "; expected " + expected + ".");
    }
  }
}
