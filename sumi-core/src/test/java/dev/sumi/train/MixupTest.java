package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MixupTest {
  private static final int N = 8;
  private static final int K = 3;

  private static Tensor images() {
    float[] x = new float[N * 2];
    for (int i = 0; i < N; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 10 * i;
    }
    return Tensor.of(x, N, 2);
  }

  private static int[] labels() {
    int[] y = new int[N];
    for (int i = 0; i < N; i++) {
      y[i] = i % K;
    }
    return y;
  }

  @Test
  void inputsAndTargetsAreMixedWithTheSamePartnerAndLambda() {
    Mixup mixup = new Mixup(0.4, 3);
    Tensor x = images();
    Tensor t = new ClassTargets(K, 0).of(labels(), N);
    double lambda = mixup.apply(x, t, 1, 0);
    assertTrue(lambda > 0 && lambda < 1, "lambda " + lambda);
    float l = (float) lambda;
    boolean[] seen = new boolean[N];
    for (int i = 0; i < N; i++) {
      int j = mixup.partner(i);
      assertTrue(!seen[j], "partners form a permutation");
      seen[j] = true;
      assertEquals(l * i + (1 - l) * j, x.data()[2 * i], 1e-5f);
      assertEquals(l * 10 * i + (1 - l) * 10 * j, x.data()[2 * i + 1], 1e-4f);
      double sum = 0;
      for (int k = 0; k < K; k++) {
        float expected = (i % K == k ? l : 0) + (j % K == k ? 1 - l : 0);
        assertEquals(expected, t.data()[i * K + k], 1e-6f, "target " + i + "," + k);
        sum += t.data()[i * K + k];
      }
      assertEquals(1, sum, 1e-6);
    }
  }

  @Test
  void theSameSeedEpochAndStepGiveTheSameMix() {
    float[] first = mixed(5, 2, 7);
    assertEquals(Arrays.toString(first), Arrays.toString(mixed(5, 2, 7)));
    assertNotEquals(Arrays.toString(first), Arrays.toString(mixed(5, 2, 8)));
    assertNotEquals(Arrays.toString(first), Arrays.toString(mixed(5, 3, 7)));
    assertNotEquals(Arrays.toString(first), Arrays.toString(mixed(6, 2, 7)));
  }

  private static float[] mixed(long seed, int epoch, int step) {
    Tensor x = images();
    new Mixup(0.4, seed).apply(x, new ClassTargets(K, 0).of(labels(), N), epoch, step);
    return x.toArray();
  }

  @Test
  void lambdaFollowsTheBetaDistribution() {
    for (double alpha : new double[] {0.2, 1, 2}) {
      Mixup mixup = new Mixup(alpha, 11);
      int n = 40_000;
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < n; i++) {
        double b = mixup.nextBeta();
        assertTrue(b >= 0 && b <= 1);
        sum += b;
        squares += b * b;
      }
      double mean = sum / n;
      double variance = squares / n - mean * mean;
      assertEquals(0.5, mean, 0.01, "mean for alpha " + alpha);
      assertEquals(1 / (4 * (2 * alpha + 1)), variance, 0.01, "variance for alpha " + alpha);
    }
  }

  @Test
  void alphaMustBePositive() {
    var e = assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).mixup(0));
    assertTrue(e.getMessage().contains("Mixup alpha 0.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).mixup(Double.NaN));
  }
}
