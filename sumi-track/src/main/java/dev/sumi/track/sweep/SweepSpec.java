package dev.sumi.track.sweep;

import dev.sumi.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * A hyper-parameter sweep as written in a YAML or JSON file: what to train, how to search, what to
 * optimise and which trials to stop early.
 *
 * @param metric a per-epoch metric of {@code sumi train}, e.g. {@code val_accuracy}
 * @param trials how many trials random and TPE searches run; 0 for grid, which runs the whole grid
 * @param earlyTermination ASHA settings, or null to let every trial run all its epochs
 * @param fixed {@code sumi train} options every trial gets, by name without dashes
 * @param samplerSeed seed of the random and TPE samplers
 * @param startupTrials how many random trials TPE runs before it models the results
 * @param source the spec as read, for recording it with the sweep
 */
public record SweepSpec(
    String name,
    String dataset,
    String model,
    String method,
    String metric,
    boolean maximize,
    int trials,
    int parallel,
    int epochs,
    EarlyTermination earlyTermination,
    SearchSpace parameters,
    Map<String, Object> fixed,
    long samplerSeed,
    int startupTrials,
    Map<String, Object> source) {

  /** The metrics {@code sumi train} writes for every epoch. */
  public static final List<String> METRICS =
      List.of("val_accuracy", "val_balanced_accuracy", "val_loss", "train_accuracy", "train_loss");

  private static final List<String> METHODS = List.of("grid", "random", "tpe");
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "dataset",
          "model",
          "method",
          "metric",
          "goal",
          "trials",
          "parallel",
          "epochs",
          "early_termination",
          "parameters",
          "fixed",
          "sampler_seed",
          "startup_trials");

  /** Asynchronous successive halving: rungs at minEpochs * reductionFactor^k. */
  public record EarlyTermination(int minEpochs, int reductionFactor) {}

  public SweepSpec {
    fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
  }

  /** The same spec with another number of trials run at once. */
  public SweepSpec withParallel(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("parallel must be >= 1, got " + n + ".");
    }
    return new SweepSpec(
        name,
        dataset,
        model,
        method,
        metric,
        maximize,
        trials,
        n,
        epochs,
        earlyTermination,
        parameters,
        fixed,
        samplerSeed,
        startupTrials,
        source);
  }

  /** The spec as JSON, as it is recorded with the sweep. */
  public String toJson() {
    return Json.write(source);
  }

  /** Reads and checks a spec file. */
  public static SweepSpec read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the sweep spec " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses and checks a spec in YAML (or JSON, which YAML includes).
   *
   * @param origin where the text came from, for error messages
   * @throws IllegalArgumentException with one sentence naming the spec and the problem
   */
  public static SweepSpec parse(String text, String origin) {
    Object document;
    try {
      document = new Load(LoadSettings.builder().setLabel(origin).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new IllegalArgumentException(
          "Sweep spec " + origin + " is not valid YAML: " + e.getMessage().replace('\n', ' '), e);
    }
    try {
      if (!(document instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("it must be a mapping of keys such as name and method.");
      }
      return of(stringKeys(map, "the spec"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Sweep spec " + origin + ": " + e.getMessage(), e);
    }
  }

  private static SweepSpec of(Map<String, Object> m) {
    for (String key : m.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown key '" + key + "'; expected some of " + String.join(", ", KEYS) + ".");
      }
    }
    String name = text(m, "name");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "name '" + name + "' must be letters, digits, '.', '_' or '-', as it names folders.");
    }
    String method = text(m, "method");
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException(
          "unknown method '" + method + "'; expected grid, random or tpe.");
    }
    String metric = m.containsKey("metric") ? text(m, "metric") : "val_accuracy";
    if (!METRICS.contains(metric)) {
      throw new IllegalArgumentException(
          "unknown metric '" + metric + "'; expected one of " + String.join(", ", METRICS) + ".");
    }
    boolean maximize = maximize(m, metric);
    SearchSpace space = SearchSpace.parse(stringKeys(mapping(m, "parameters", true), "parameters"));
    int trials = trials(m, method, space);
    Map<String, Object> fixed = stringKeys(mapping(m, "fixed", false), "fixed");
    for (Map.Entry<String, Object> e : fixed.entrySet()) {
      if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof List) {
        throw new IllegalArgumentException(
            "fixed value of '" + e.getKey() + "' must be a single number, word or boolean.");
      }
    }
    for (Parameter p : space.parameters()) {
      if (fixed.containsKey(p.name())) {
        throw new IllegalArgumentException(
            "'" + p.name() + "' is both a parameter and fixed; keep one.");
      }
    }
    int epochs = integer(m, "epochs", null, 1);
    return new SweepSpec(
        name,
        text(m, "dataset"),
        text(m, "model"),
        method,
        metric,
        maximize,
        trials,
        integer(m, "parallel", 1, 1),
        epochs,
        earlyTermination(m, epochs),
        space,
        fixed,
        integer(m, "sampler_seed", 1, 0),
        integer(m, "startup_trials", 5, 1),
        m);
  }

  private static boolean maximize(Map<String, Object> m, String metric) {
    if (!m.containsKey("goal")) {
      if (metric.endsWith("loss")) {
        throw new IllegalArgumentException(
            "metric " + metric + " is a loss; say goal: minimize (or maximize) explicitly.");
      }
      return true;
    }
    return switch (text(m, "goal")) {
      case "maximize" -> true;
      case "minimize" -> false;
      default ->
          throw new IllegalArgumentException(
              "unknown goal '" + m.get("goal") + "'; expected maximize or minimize.");
    };
  }

  private static int trials(Map<String, Object> m, String method, SearchSpace space) {
    if (method.equals("grid")) {
      for (Parameter p : space.parameters()) {
        if (!(p instanceof Parameter.Categorical)) {
          throw new IllegalArgumentException(
              "method grid needs values for every parameter, but '"
                  + p.name()
                  + "' is a distribution.");
        }
      }
      if (m.containsKey("trials")) {
        throw new IllegalArgumentException(
            "trials does not apply to method grid, which runs every combination of values.");
      }
      return 0;
    }
    return integer(m, "trials", null, 1);
  }

  private static EarlyTermination earlyTermination(Map<String, Object> m, int epochs) {
    if (!m.containsKey("early_termination")) {
      return null;
    }
    Map<String, Object> e = stringKeys(mapping(m, "early_termination", true), "early_termination");
    for (String key : e.keySet()) {
      if (!Set.of("type", "min_epochs", "reduction_factor").contains(key)) {
        throw new IllegalArgumentException(
            "early_termination has unknown key '"
                + key
                + "'; expected type, min_epochs or reduction_factor.");
      }
    }
    if (!"asha".equals(e.get("type"))) {
      throw new IllegalArgumentException(
          "early_termination type must be asha, got " + e.get("type") + ".");
    }
    int minEpochs = integer(e, "min_epochs", 1, 1);
    if (minEpochs >= epochs) {
      throw new IllegalArgumentException(
          "early_termination min_epochs "
              + minEpochs
              + " must be below epochs "
              + epochs
              + ", or no trial could be stopped.");
    }
    return new EarlyTermination(minEpochs, integer(e, "reduction_factor", 3, 2));
  }

  private static String text(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing " + key + ".");
    }
    if (v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
      throw new IllegalArgumentException(key + " must be a word, got " + v + ".");
    }
    return String.valueOf(v);
  }

  private static int integer(Map<String, Object> m, String key, Integer fallback, int least) {
    Object v = m.get(key);
    if (v == null) {
      if (fallback == null) {
        throw new IllegalArgumentException("missing " + key + ".");
      }
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long)
        || ((Number) v).longValue() < least
        || ((Number) v).longValue() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          key + " must be a whole number >= " + least + ", got " + v + ".");
    }
    return ((Number) v).intValue();
  }

  private static Map<?, ?> mapping(Map<String, Object> m, String key, boolean required) {
    Object v = m.get(key);
    if (v == null && !required) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          v == null ? "missing " + key + "." : key + " must be a mapping, got " + v + ".");
    }
    return map;
  }

  /** The mapping with its keys as strings; an error naming {@code what} for any other key. */
  static Map<String, Object> stringKeys(Map<?, ?> map, String what) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            what + " has the key " + e.getKey() + ", but keys must be words.");
      }
      out.put(key, e.getValue());
    }
    return out;
  }
}
