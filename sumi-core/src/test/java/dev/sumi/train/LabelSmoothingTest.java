package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.loss.SoftmaxCrossEntropy;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelSmoothingTest {

  @Test
  void targetsAreOneMinusEpsilonOnTheLabelPlusEpsilonOverK() {
    Tensor t = new ClassTargets(4, 0.1).of(new int[] {2, 0}, 2);
    float[] expected = {0.025f, 0.025f, 0.925f, 0.025f, 0.925f, 0.025f, 0.025f, 0.025f};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], t.data()[i], 1e-7f, "at " + i);
    }
    for (int row = 0; row < 2; row++) {
      double sum = 0;
      for (int k = 0; k < 4; k++) {
        sum += t.data()[row * 4 + k];
      }
      assertEquals(1, sum, 1e-6);
    }
    Tensor plain = new ClassTargets(4, 0).of(new int[] {3}, 1);
    assertEquals(1f, plain.data()[3]);
    assertEquals(0f, plain.data()[0]);
  }

  @Test
  void crossEntropyGradientWithSmoothedTargetsMatchesFiniteDifferences() {
    int n = 3;
    int k = 5;
    Tensor target = new ClassTargets(k, 0.2).of(new int[] {4, 1, 0}, n);
    SplittableRandom random = new SplittableRandom(8);
    float[] z = new float[n * k];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) random.nextDouble(-3, 3);
    }
    Tensor logits = Tensor.of(z, n, k);
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    loss.forward(logits, target);
    float[] analytic = loss.backward().toArray();
    double eps = 1e-2;
    for (int i = 0; i < z.length; i++) {
      float saved = z[i];
      z[i] = (float) (saved + eps);
      double plus = new SoftmaxCrossEntropy().forward(logits, target);
      z[i] = (float) (saved - eps);
      double minus = new SoftmaxCrossEntropy().forward(logits, target);
      z[i] = saved;
      double numeric = (plus - minus) / (2 * eps);
      assertEquals(numeric, analytic[i], 2e-3 + 1e-2 * Math.abs(numeric), "at " + i);
    }
  }

  @Test
  void smoothingOutsideZeroToOneIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).labelSmoothing(1));
    assertTrue(e.getMessage().contains("Label smoothing 1.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).labelSmoothing(-0.1));
  }
}
