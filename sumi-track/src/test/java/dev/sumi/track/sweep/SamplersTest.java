package dev.sumi.track.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class SamplersTest {
  private static final SearchSpace GRID =
      new SearchSpace(
          List.of(
              new Parameter.Categorical("batch-size", List.of(64, 128, 256)),
              new Parameter.Categorical("optimizer", List.of("adam", "sgd")),
              new Parameter.Categorical("label-smoothing", List.of(0, 0.1))));

  private static final SearchSpace MIXED =
      new SearchSpace(
          List.of(
              new Parameter.LogUniform("lr", 1e-5, 1e-1),
              new Parameter.Uniform("weight-decay", 0, 5e-4),
              new Parameter.IntUniform("batch-size", 16, 64),
              new Parameter.Categorical("optimizer", List.of("adam", "sgd", "adamw"))));

  @Test
  void gridEnumeratesExactlyTheProductOnce() {
    GridSampler grid = new GridSampler(GRID);
    assertEquals(12, grid.size());
    List<Map<String, Object>> configs = new ArrayList<>();
    for (Optional<Map<String, Object>> c = grid.next(List.of());
        c.isPresent();
        c = grid.next(List.of())) {
      configs.add(c.get());
    }
    assertEquals(12, configs.size());
    assertEquals(12, new HashSet<>(configs).size());
    for (Object b : List.of(64, 128, 256)) {
      for (Object o : List.of("adam", "sgd")) {
        for (Object s : List.of(0, 0.1)) {
          assertTrue(
              configs.contains(Map.of("batch-size", b, "optimizer", o, "label-smoothing", s)));
        }
      }
    }
    assertEquals(
        List.of("batch-size", "optimizer", "label-smoothing"),
        List.copyOf(configs.get(0).keySet()));
    assertEquals(
        Map.of("batch-size", 64, "optimizer", "adam", "label-smoothing", 0.1), configs.get(1));
    assertTrue(grid.next(List.of()).isEmpty());
  }

  @Test
  void gridRefusesDistributions() {
    assertThrows(IllegalArgumentException.class, () -> new GridSampler(MIXED));
  }

  @Test
  void randomIsReproducibleFromItsSeedAndStaysInRange() {
    List<Map<String, Object>> a = draw(new RandomSampler(MIXED, 7), 200);
    assertEquals(a, draw(new RandomSampler(MIXED, 7), 200));
    assertNotEquals(a, draw(new RandomSampler(MIXED, 8), 200));
    Set<Object> optimizers = new HashSet<>();
    Set<Object> batchSizes = new HashSet<>();
    int lowDecades = 0;
    for (Map<String, Object> c : a) {
      double lr = (Double) c.get("lr");
      assertTrue(lr >= 1e-5 && lr <= 1e-1, "lr " + lr);
      assertEquals(Parameter.significant(lr), lr, "proposed to four significant digits");
      lowDecades += lr < 1e-3 ? 1 : 0;
      double wd = (Double) c.get("weight-decay");
      assertTrue(wd >= 0 && wd <= 5e-4, "weight-decay " + wd);
      long b = (Long) c.get("batch-size");
      assertTrue(b >= 16 && b <= 64, "batch-size " + b);
      batchSizes.add(b);
      optimizers.add(c.get("optimizer"));
    }
    assertEquals(Set.of("adam", "sgd", "adamw"), optimizers);
    assertTrue(batchSizes.contains(16L) && batchSizes.contains(64L), "ends of the int range drawn");
    // Log-uniform: half of the four decades lie below 1e-3, so about half the draws do.
    assertTrue(lowDecades > 70 && lowDecades < 130, "draws below 1e-3: " + lowDecades);
  }

  @Test
  void tpeStaysInRangeAndIsReproducible() {
    ToDoubleFunction<Map<String, Object>> objective =
        c -> -Math.abs(Math.log10((Double) c.get("lr")) + 3) - ((Long) c.get("batch-size")) / 64.0;
    List<Observation> a = optimise(new TpeSampler(MIXED, 3, 5), objective, 30);
    assertEquals(a, optimise(new TpeSampler(MIXED, 3, 5), objective, 30));
    for (Observation o : a) {
      Map<String, Object> c = o.config();
      assertTrue(MIXED.parameters().size() == c.size());
      double lr = (Double) c.get("lr");
      assertTrue(lr >= 1e-5 && lr <= 1e-1, "lr " + lr);
      long b = (Long) c.get("batch-size");
      assertTrue(b >= 16 && b <= 64, "batch-size " + b);
      assertTrue(List.of("adam", "sgd", "adamw").contains(c.get("optimizer")));
    }
  }

  /**
   * On a smooth 2-D objective (optimum at lr = 1e-3, x = 0.3), TPE beats random search with the
   * same budget and seeds, on average over several seeds and on most of them.
   */
  @Test
  void tpeFindsABetterOptimumThanRandomWithTheSameBudget() {
    SearchSpace space =
        new SearchSpace(
            List.of(new Parameter.LogUniform("lr", 1e-6, 1), new Parameter.Uniform("x", 0, 1)));
    ToDoubleFunction<Map<String, Object>> objective =
        c -> {
          double u = Math.log10((Double) c.get("lr")) + 3;
          double v = ((Double) c.get("x")) - 0.3;
          return -(u * u / 36 + v * v);
        };
    int budget = 40;
    double tpeRegret = 0;
    double randomRegret = 0;
    int tpeWins = 0;
    for (long seed = 1; seed <= 8; seed++) {
      double tpe = best(optimise(new TpeSampler(space, seed, 8), objective, budget));
      double random = best(optimise(new RandomSampler(space, seed), objective, budget));
      tpeRegret -= tpe;
      randomRegret -= random;
      tpeWins += tpe > random ? 1 : 0;
    }
    assertTrue(
        tpeRegret < 0.25 * randomRegret,
        "mean regret of TPE " + tpeRegret / 8 + " against random " + randomRegret / 8);
    assertTrue(tpeWins >= 6, "TPE better on " + tpeWins + " of 8 seeds");
  }

  @Test
  void tpePrefersTheCategoryThatWorked() {
    SearchSpace space =
        new SearchSpace(
            List.of(
                new Parameter.Categorical("optimizer", List.of("adam", "sgd", "adamw", "rms"))));
    List<Observation> seen = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String o = List.of("adam", "sgd", "adamw", "rms").get(i % 4);
      seen.add(new Observation(Map.of("optimizer", o), o.equals("adamw") ? 1 : 0));
    }
    TpeSampler tpe = new TpeSampler(space, 1, 5);
    int adamw = 0;
    for (int i = 0; i < 50; i++) {
      adamw += tpe.next(seen).orElseThrow().get("optimizer").equals("adamw") ? 1 : 0;
    }
    assertTrue(adamw >= 45, "adamw proposed " + adamw + " of 50 times");
  }

  private static List<Map<String, Object>> draw(Sampler sampler, int n) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sampler.next(List.of()).orElseThrow());
    }
    return out;
  }

  /** Runs a sequential search of {@code budget} trials, each result fed back before the next. */
  private static List<Observation> optimise(
      Sampler sampler, ToDoubleFunction<Map<String, Object>> objective, int budget) {
    List<Observation> seen = new ArrayList<>();
    for (int i = 0; i < budget; i++) {
      Map<String, Object> c = sampler.next(List.copyOf(seen)).orElseThrow();
      seen.add(new Observation(c, objective.applyAsDouble(c)));
    }
    return seen;
  }

  private static double best(List<Observation> observations) {
    return observations.stream().mapToDouble(Observation::score).max().orElseThrow();
  }
}
