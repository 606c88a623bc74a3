package dev.sumi.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.nn.Parameter;
import dev.sumi.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  /** Minimises f(w) = sum (w - 3)^2 and checks every optimizer gets there. */
  @Test
  void everyOptimizerMinimisesAQuadratic() {
    for (Optimizer opt :
        List.of(
            SGD.lr(0.1),
            SGD.lr(0.05).momentum(0.9),
            SGD.lr(0.05).momentum(0.9).nesterov(),
            Adam.lr(0.1),
            AdamW.lr(0.1).weightDecay(0))) {
      Parameter w = Parameter.of("w", Shape.of(3), true);
      for (int step = 0; step < 500; step++) {
        for (int i = 0; i < 3; i++) {
          w.grad()[i] = 2 * (w.value()[i] - 3);
        }
        opt.step(List.of(w), opt.learningRate());
      }
      for (float v : w.value()) {
        assertEquals(3f, v, 1e-2f, opt.name() + " " + opt.config());
      }
    }
  }

  @Test
  void sgdMomentumMatchesHandComputedSteps() {
    Parameter w = Parameter.of("w", Shape.of(1), true);
    w.value()[0] = 1f;
    SGD sgd = SGD.lr(0.1).momentum(0.5);
    w.grad()[0] = 1f;
    sgd.step(List.of(w), 0.1f); // v = 1, w = 1 - 0.1
    assertEquals(0.9f, w.value()[0], 1e-6f);
    sgd.step(List.of(w), 0.1f); // v = 0.5 + 1 = 1.5, w = 0.9 - 0.15
    assertEquals(0.75f, w.value()[0], 1e-6f);
  }

  @Test
  void adamFirstStepMovesByTheLearningRate() {
    Parameter w = Parameter.of("w", Shape.of(2), true);
    w.grad()[0] = 5f;
    w.grad()[1] = -0.01f;
    Adam.lr(0.01).step(List.of(w), 0.01f);
    // With bias correction the first step is lr * sign(g).
    assertEquals(-0.01f, w.value()[0], 1e-5f);
    assertEquals(0.01f, w.value()[1], 1e-5f);
  }

  @Test
  void adamwDecaysWeightsButNotBiases() {
    Parameter weight = Parameter.of("weights", Shape.of(1), true);
    Parameter bias = Parameter.of("bias", Shape.of(1), false);
    weight.value()[0] = 1f;
    bias.value()[0] = 1f;
    AdamW.lr(0.1).weightDecay(0.5).step(List.of(weight, bias), 0.1f);
    assertEquals(0.95f, weight.value()[0], 1e-6f);
    assertEquals(1f, bias.value()[0], 1e-6f);
  }

  @Test
  void schedulesHaveTheDocumentedShape() {
    assertEquals(1, LearningRateSchedule.constant().multiplier(5, 10));
    var step = LearningRateSchedule.step(3, 0.1);
    assertEquals(1, step.multiplier(2.9, 10), 1e-12);
    assertEquals(0.1, step.multiplier(3, 10), 1e-12);
    assertEquals(0.01, step.multiplier(6.5, 10), 1e-12);
    var cosine = LearningRateSchedule.cosine();
    assertEquals(1, cosine.multiplier(0, 10), 1e-12);
    assertEquals(0.5, cosine.multiplier(5, 10), 1e-12);
    assertEquals(0, cosine.multiplier(10, 10), 1e-12);
    var warm = LearningRateSchedule.warmup(2, LearningRateSchedule.cosine());
    assertTrue(warm.multiplier(0, 10) < 0.01);
    assertEquals(0.5, warm.multiplier(1, 10), 1e-3);
    assertEquals(1, warm.multiplier(2, 10), 1e-12);
    assertEquals(0.5, warm.multiplier(6, 10), 1e-12);
  }

  @Test
  void badHyperParametersAreRejectedClearly() {
    var e = assertThrows(IllegalArgumentException.class, () -> Adam.lr(-1));
    assertTrue(e.getMessage().contains("-1"));
    assertThrows(IllegalArgumentException.class, () -> SGD.lr(0.1).momentum(1.5));
    var unknown =
        assertThrows(IllegalArgumentException.class, () -> Optimizers.byName("rmsprop", 0.1));
    assertTrue(unknown.getMessage().contains("rmsprop"));
  }
}
