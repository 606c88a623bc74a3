package dev.sumi.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LossGradientTest {
  private static final double EPS = 1e-2;

  @Test
  void crossEntropyGradientMatchesFiniteDifferences() {
    checkGradient(SoftmaxCrossEntropy::new, distributionTargets(4, 6, 1));
  }

  @Test
  void meanSquaredErrorGradientMatchesFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(2);
    float[] t = new float[4 * 6];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) random.nextDouble(-1, 1);
    }
    checkGradient(MeanSquaredError::new, Tensor.of(t, 4, 6));
  }

  @Test
  void crossEntropyIsStableForHugeLogits() {
    Tensor logits = Tensor.of(new float[] {1000f, -1000f, 0f, 50000f, 50000f, -50000f}, 2, 3);
    Tensor target = Tensor.of(new float[] {0, 1, 0, 1, 0, 0}, 2, 3);
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    float value = loss.forward(logits, target);
    // Row 1: -log softmax(-1000 | 1000, -1000, 0) = 2000; row 2: log 2.
    assertEquals((2000 + Math.log(2)) / 2, value, 1e-2);
    for (float g : loss.backward().toArray()) {
      assertTrue(Float.isFinite(g));
    }
  }

  @Test
  void crossEntropyOfOneHotIsMinusLogProbability() {
    Tensor logits = Tensor.of(new float[] {1f, 2f, 3f}, 1, 3);
    Tensor target = Tensor.of(new float[] {0, 0, 1}, 1, 3);
    double expected = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
    assertEquals(expected, new SoftmaxCrossEntropy().forward(logits, target), 1e-6);
  }

  @Test
  void mismatchedShapesAreNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SoftmaxCrossEntropy().forward(Tensor.zeros(2, 10), Tensor.zeros(2, 9)));
    assertTrue(e.getMessage().contains("(2, 10)") && e.getMessage().contains("(2, 9)"));
  }

  private static Tensor distributionTargets(int n, int k, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] t = new float[n * k];
    for (int b = 0; b < n; b++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        t[b * k + j] = (float) random.nextDouble();
        sum += t[b * k + j];
      }
      for (int j = 0; j < k; j++) {
        t[b * k + j] /= (float) sum;
      }
    }
    return Tensor.of(t, n, k);
  }

  private static void checkGradient(Supplier<Loss> factory, Tensor target) {
    SplittableRandom random = new SplittableRandom(3);
    float[] p = new float[target.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) random.nextDouble(-3, 3);
    }
    Tensor prediction = new Tensor(target.shape(), p);
    Loss loss = factory.get();
    loss.forward(prediction, target);
    float[] analytic = loss.backward().toArray();
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      p[i] = (float) (saved + EPS);
      double plus = factory.get().forward(prediction, target);
      p[i] = (float) (saved - EPS);
      double minus = factory.get().forward(prediction, target);
      p[i] = saved;
      double numeric = (plus - minus) / (2 * EPS);
      assertEquals(numeric, analytic[i], 2e-3 + 1e-2 * Math.abs(numeric), loss.name() + " at " + i);
    }
  }
}
