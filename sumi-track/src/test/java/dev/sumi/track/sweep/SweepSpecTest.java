package dev.sumi.track.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepSpecTest {
  static final String EXAMPLE =
      """
      name: lenet-lr
      dataset: mnist
      model: lenet5
      method: tpe            # grid | random | tpe
      metric: val_accuracy
      trials: 20
      parallel: 2
      epochs: 6
      early_termination:
        type: asha
        min_epochs: 1
        reduction_factor: 3
      parameters:
        lr:            {distribution: log_uniform, min: 1e-4, max: 1e-2}
        batch-size:    {values: [64, 128, 256]}
        weight-decay:  {distribution: uniform, min: 0, max: 5e-4}
        label-smoothing: {values: [0, 0.1]}
      fixed:
        seed: 1
      """;

  @Test
  void readsTheExampleSpec() {
    SweepSpec spec = SweepSpec.parse(EXAMPLE, "example.yaml");
    assertEquals("lenet-lr", spec.name());
    assertEquals("mnist", spec.dataset());
    assertEquals("lenet5", spec.model());
    assertEquals("tpe", spec.method());
    assertEquals("val_accuracy", spec.metric());
    assertTrue(spec.maximize());
    assertEquals(20, spec.trials());
    assertEquals(2, spec.parallel());
    assertEquals(6, spec.epochs());
    assertEquals(new SweepSpec.EarlyTermination(1, 3), spec.earlyTermination());
    assertEquals(
        List.of(
            new Parameter.LogUniform("lr", 1e-4, 1e-2),
            new Parameter.Categorical("batch-size", List.of(64, 128, 256)),
            new Parameter.Uniform("weight-decay", 0, 5e-4),
            new Parameter.Categorical("label-smoothing", List.of(0, 0.1))),
        spec.parameters().parameters());
    assertEquals(Map.of("seed", 1), spec.fixed());
    Map<?, ?> recorded = (Map<?, ?>) Json.parse(spec.toJson());
    assertEquals("lenet-lr", recorded.get("name"));
    assertEquals(1e-4, ((Map<?, ?>) ((Map<?, ?>) recorded.get("parameters")).get("lr")).get("min"));
  }

  @Test
  void readsJsonAndAppliesDefaults() {
    SweepSpec spec =
        SweepSpec.parse(
            """
            {"name": "g", "dataset": "mnist", "model": "seed-minimal", "method": "grid",
             "metric": "val_loss", "goal": "minimize", "epochs": 2,
             "parameters": {"lr": {"values": [0.01, 0.001]}}}
            """,
            "g.json");
    assertEquals("grid", spec.method());
    assertFalse(spec.maximize());
    assertEquals(0, spec.trials());
    assertEquals(1, spec.parallel());
    assertNull(spec.earlyTermination());
    assertEquals(Map.of(), spec.fixed());
    assertEquals(
        List.of(0.01, 0.001),
        ((Parameter.Categorical) spec.parameters().parameters().get(0)).values());
  }

  @Test
  void eachProblemIsOneSentenceNamingTheSpec() {
    assertProblem("method: bayes", "unknown method 'bayes'; expected grid, random or tpe.");
    assertProblem(
        "parameters: {lr: {values: []}}", "parameter 'lr' needs a non-empty list of values.");
    assertProblem(
        "parameters: {lr: {distribution: uniform, min: 2, max: 1}}",
        "parameter 'lr' has min 2.0 not below max 1.0.");
    assertProblem(
        "parameters: {lr: {distribution: normal, min: 0, max: 1}}",
        "parameter 'lr' has unknown distribution 'normal'; expected categorical, uniform,"
            + " log_uniform or int_uniform.");
    assertProblem(
        "parameters: {lr: {distribution: log_uniform, min: 0, max: 1}}",
        "parameter 'lr' is log_uniform, so min must be > 0, got 0.0.");
    assertProblem(
        "parameters: {lr: {distribution: uniform, min: 0}}",
        "parameter 'lr' needs a finite number for max, got null.");
    assertProblem(
        "parameters: {lr: {values: [1, 1]}}", "parameter 'lr' lists a value twice in [1, 1].");
    assertProblem("trials: 0", "trials must be a whole number >= 1, got 0.");
    assertProblem(
        "metric: top5",
        "unknown metric 'top5'; expected one of val_accuracy,"
            + " val_balanced_accuracy, val_loss, train_accuracy, train_loss.");
    assertProblem(
        "metric: val_loss",
        "metric val_loss is a loss; say goal: minimize (or maximize)" + " explicitly.");
    assertProblem("goal: up", "unknown goal 'up'; expected maximize or minimize.");
    assertProblem(
        "early_termination: {type: hyperband}",
        "early_termination type must be asha," + " got hyperband.");
    assertProblem(
        "early_termination: {type: asha, min_epochs: 6}",
        "early_termination min_epochs 6 must be below epochs 6, or no trial could be stopped.");
    assertProblem("fixed: {lr: 0.1}", "'lr' is both a parameter and fixed; keep one.");
    assertProblem("colour: blue", "unknown key 'colour'; expected some of");
    assertProblem(
        "name: a/b",
        "name 'a/b' must be letters, digits, '.', '_' or '-', as it names" + " folders.");
  }

  @Test
  void gridNeedsValuesEverywhereAndNoTrialCount() {
    String grid = "name: g\ndataset: mnist\nmodel: lenet5\nmethod: grid\nepochs: 1\n";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SweepSpec.parse(
                    grid + "parameters: {lr: {distribution: uniform, min: 0, max: 1}}", "g.yaml"));
    assertEquals(
        "Sweep spec g.yaml: method grid needs values for every parameter, but 'lr' is a"
            + " distribution.",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SweepSpec.parse(grid + "trials: 3\nparameters: {lr: {values: [1]}}", "g.yaml"));
    assertTrue(e.getMessage().contains("trials does not apply to method grid"), e.getMessage());
  }

  @Test
  void reportsBrokenYamlAndMissingKeys() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SweepSpec.parse("a: [1,", "x.yaml"));
    assertTrue(e.getMessage().startsWith("Sweep spec x.yaml is not valid YAML: "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepSpec.parse("- 1\n- 2", "x.yaml"));
    assertEquals(
        "Sweep spec x.yaml: it must be a mapping of keys such as name and method.", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SweepSpec.parse(EXAMPLE.replace("dataset: mnist\n", ""), "x.yaml"));
    assertEquals("Sweep spec x.yaml: missing dataset.", e.getMessage());
  }

  /** Replaces or adds one top-level key of the example and expects exactly this problem. */
  private static void assertProblem(String override, String expected) {
    String key = override.substring(0, override.indexOf(':'));
    StringBuilder text = new StringBuilder();
    boolean skipping = false;
    for (String line : EXAMPLE.split("\n")) {
      boolean topLevel = !line.startsWith(" ");
      if (topLevel) {
        skipping = line.startsWith(key + ":");
      }
      if (!skipping) {
        text.append(line).append('\n');
      }
    }
    text.append(override).append('\n');
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SweepSpec.parse(text.toString(), "bad.yaml"));
    assertTrue(
        e.getMessage().startsWith("Sweep spec bad.yaml: " + expected),
        () -> "for " + override + ": " + e.getMessage());
  }
}
