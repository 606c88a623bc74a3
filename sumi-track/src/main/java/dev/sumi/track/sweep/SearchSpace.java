package dev.sumi.track.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The hyper-parameters a sweep searches over, in the order the spec lists them. */
public record SearchSpace(List<Parameter> parameters) {
  private static final Set<String> DISTRIBUTIONS =
      Set.of("categorical", "uniform", "log_uniform", "int_uniform");
  private static final Set<String> KEYS = Set.of("distribution", "values", "min", "max");

  public SearchSpace {
    parameters = List.copyOf(parameters);
  }

  /** One configuration drawn independently and uniformly for every parameter. */
  public Map<String, Object> sample(Random random) {
    Map<String, Object> config = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      config.put(p.name(), p.sample(random));
    }
    return config;
  }

  /**
   * Reads the {@code parameters} section of a spec: each entry is either {@code {values: [...]}} or
   * {@code {distribution: uniform|log_uniform|int_uniform, min: A, max: B}}.
   *
   * @throws IllegalArgumentException naming the parameter and what is wrong with it
   */
  static SearchSpace parse(Map<String, Object> section) {
    if (section.isEmpty()) {
      throw new IllegalArgumentException("parameters is empty; name at least one to search over.");
    }
    return new SearchSpace(
        section.entrySet().stream().map(e -> parameter(e.getKey(), e.getValue())).toList());
  }

  private static Parameter parameter(String name, Object definition) {
    if (!(definition instanceof Map<?, ?> raw)) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' must be a mapping such as {values: [...]} or {distribution: uniform, min: 0,"
              + " max: 1}.");
    }
    Map<String, Object> def = SweepSpec.stringKeys(raw, "parameter '" + name + "'");
    for (String key : def.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "parameter '"
                + name
                + "' has unknown key '"
                + key
                + "'; expected distribution, values, min or max.");
      }
    }
    String distribution =
        def.containsKey("distribution")
            ? String.valueOf(def.get("distribution"))
            : def.containsKey("values") ? "categorical" : null;
    if (distribution == null) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' needs either values or a distribution with min and max.");
    }
    if (!DISTRIBUTIONS.contains(distribution)) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' has unknown distribution '"
              + distribution
              + "'; expected categorical, uniform, log_uniform or int_uniform.");
    }
    if (distribution.equals("categorical")) {
      if (!(def.get("values") instanceof List<?> values) || values.isEmpty()) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' needs a non-empty list of values.");
      }
      if (def.containsKey("min") || def.containsKey("max")) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' has values, so min and max do not apply.");
      }
      if (values.stream().distinct().count() < values.size()) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' lists a value twice in " + values + ".");
      }
      return new Parameter.Categorical(name, List.copyOf(values));
    }
    if (def.containsKey("values")) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' has distribution "
              + distribution
              + ", so values do not apply.");
    }
    double min = number(name, def, "min");
    double max = number(name, def, "max");
    return switch (distribution) {
      case "uniform" -> {
        requireLess(name, min, max);
        yield new Parameter.Uniform(name, min, max);
      }
      case "log_uniform" -> {
        requireLess(name, min, max);
        if (min <= 0) {
          throw new IllegalArgumentException(
              "parameter '" + name + "' is log_uniform, so min must be > 0, got " + min + ".");
        }
        yield new Parameter.LogUniform(name, min, max);
      }
      default -> {
        if (min != Math.rint(min) || max != Math.rint(max)) {
          throw new IllegalArgumentException(
              "parameter '" + name + "' is int_uniform, so min and max must be whole numbers.");
        }
        if (min > max) {
          throw new IllegalArgumentException(
              "parameter '" + name + "' has min " + min + " greater than max " + max + ".");
        }
        yield new Parameter.IntUniform(name, (long) min, (long) max);
      }
    };
  }

  private static double number(String name, Map<String, Object> def, String key) {
    if (!(def.get(key) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw new IllegalArgumentException(
          "parameter '"
              + name
              + "' needs a finite number for "
              + key
              + ", got "
              + def.get(key)
              + ".");
    }
    return n.doubleValue();
  }

  private static void requireLess(String name, double min, double max) {
    if (min >= max) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' has min " + min + " not below max " + max + ".");
    }
  }
}
