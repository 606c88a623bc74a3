package dev.sumi.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.nn.Parameter;
import dev.sumi.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneCycleTest {
  private static final double TOTAL = 10;

  @Test
  void defaultsFollowPyTorchAtTheKeyPoints() {
    OneCycle s = LearningRateSchedule.oneCycle();
    assertEquals(1 / 25.0, s.multiplier(0, TOTAL), 1e-12);
    // Half-way through the warm-up, half a cosine is half-way up.
    assertEquals((1 / 25.0 + 1) / 2, s.multiplier(1.5, TOTAL), 1e-12);
    assertEquals(1, s.multiplier(3, TOTAL), 1e-12);
    double end = 1 / 25.0 / 1e4;
    assertEquals((1 + end) / 2, s.multiplier(6.5, TOTAL), 1e-12);
    assertEquals(end, s.multiplier(TOTAL, TOTAL), 1e-15);
    // A quarter into the warm-up, the cosine is below the straight line.
    assertEquals(
        1 / 25.0 + (1 - 1 / 25.0) * (1 - Math.cos(Math.PI / 4)) / 2,
        s.multiplier(0.75, TOTAL),
        1e-12);
  }

  @Test
  void settingsChangeTheCycle() {
    OneCycle s = LearningRateSchedule.oneCycle().warmup(0.2).div(10).finalDiv(100).linear();
    assertEquals(0.1, s.multiplier(0, TOTAL), 1e-12);
    assertEquals(0.55, s.multiplier(1, TOTAL), 1e-12);
    assertEquals(1, s.multiplier(2, TOTAL), 1e-12);
    assertEquals((1 + 0.001) / 2, s.multiplier(6, TOTAL), 1e-12);
    assertEquals(0.001, s.multiplier(TOTAL, TOTAL), 1e-12);
    assertEquals("onecycle(warmup=0.2, div=10.0, final_div=100.0, linear)", s.describe());
    OneCycle noWarmup = LearningRateSchedule.oneCycle().warmup(0);
    assertEquals(1, noWarmup.multiplier(0, TOTAL), 1e-12);
  }

  @Test
  void rateRisesThenFalls() {
    OneCycle s = LearningRateSchedule.oneCycle();
    double previous = 0;
    for (int i = 0; i <= 30; i++) {
      double m = s.multiplier(i * 0.1, TOTAL);
      assertTrue(m > previous, "rising at " + i);
      previous = m;
    }
    for (int i = 31; i <= 100; i++) {
      double m = s.multiplier(i * 0.1, TOTAL);
      assertTrue(m < previous, "falling at " + i);
      previous = m;
    }
  }

  @Test
  void badSettingsAreNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> LearningRateSchedule.oneCycle().warmup(1));
    assertTrue(e.getMessage().contains("warm-up fraction 1.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.oneCycle().div(0.5));
    assertThrows(
        IllegalArgumentException.class, () -> LearningRateSchedule.oneCycle().finalDiv(-1));
  }

  @Test
  void weightDecayByNameIsL2ForSgdAndDecoupledForAdamw() {
    Parameter w = Parameter.of("w", Shape.of(1), true);
    Parameter b = Parameter.of("b", Shape.of(1), false);
    w.value()[0] = 2f;
    b.value()[0] = 2f;
    Optimizers.byName("sgd", 0.1, 0.5).step(List.of(w, b), 0.1f);
    // Zero gradient: v = 0.5 * 2 = 1, w = 2 - 0.1 * 1; the bias takes no decay.
    assertEquals(1.9f, w.value()[0], 1e-6f);
    assertEquals(2f, b.value()[0]);

    w.value()[0] = 2f;
    Optimizer adamw = Optimizers.byName("adamw", 0.1, 0.5);
    assertEquals(0.5, (double) adamw.config().get("weight_decay"), 1e-7);
    adamw.step(List.of(w, b), 0.1f);
    // Decoupled: w * (1 - lr * decay) with no gradient-driven move.
    assertEquals(2f * (1 - 0.05f), w.value()[0], 1e-6f);
    assertEquals(2f, b.value()[0]);
    assertEquals(
        0.01, (double) Optimizers.byName("adamw", 0.1, null).config().get("weight_decay"), 1e-7);
    assertThrows(IllegalArgumentException.class, () -> Optimizers.byName("adam", 0.1, -1.0));
  }
}
