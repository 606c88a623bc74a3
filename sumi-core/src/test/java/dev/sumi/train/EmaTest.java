package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.model.Sequential;
import dev.sumi.nn.BatchNorm;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.MaxPool2D;
import dev.sumi.tensor.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmaTest {

  @Test
  void averageMatchesHandComputedSteps() {
    float[] w = {1f, -2f};
    Ema ema = new Ema(List.of(w), 0.5);
    w[0] = 3f;
    w[1] = 0f;
    ema.update(); // d = min(0.5, 2/11) = 2/11
    assertEquals((2 * 1 + 9 * 3) / 11f, ema.average(0)[0], 1e-6f);
    assertEquals((2 * -2 + 9 * 0) / 11f, ema.average(0)[1], 1e-6f);
    w[0] = 5f;
    ema.update(); // d = min(0.5, 3/12) = 1/4
    float a = 0.25f * (29 / 11f) + 0.75f * 5;
    assertEquals(a, ema.average(0)[0], 1e-6f);
    for (int t = 3; t <= 9; t++) {
      ema.update(); // d = (1+t)/(10+t) < 0.5 up to t = 8; 0.5 from t = 9 on
      a = Math.min(0.5f, (1f + t) / (10f + t)) * a + (1 - Math.min(0.5f, (1f + t) / (10f + t))) * 5;
    }
    w[0] = 1f;
    ema.update();
    assertEquals(0.5f * a + 0.5f * 1, ema.average(0)[0], 1e-5f);

    ema.swapIn();
    assertEquals(ema.average(0)[0], w[0]);
    ema.restore();
    assertEquals(1f, w[0]);
    assertEquals(0f, w[1]);
  }

  @Test
  void decayOutsideZeroToOneIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).ema(1));
    assertTrue(e.getMessage().contains("EMA decay 1.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).ema(0));
  }

  static Dataset data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 12 * 12];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (int j = 0; j < 144; j++) {
        pixels[i * 144 + j] = (byte) (j % 12 < 4 * (labels[i] + 1) ? r.nextInt(256) : 0);
      }
    }
    return Dataset.of(
        "synthetic", pixels, labels, Shape.of(1, 12, 12), List.of("a", "b", "c"), 0.2f, 0.3f);
  }

  static Model smallBatchNormNet(long seed) {
    return Sequential.of(
            Conv2D.of(4, 3), BatchNorm.of(), MaxPool2D.of(2), Flatten.of(), Dense.of(3))
        .build(Shape.of(1, 12, 12), seed)
        .threads(2);
  }

  /**
   * Trains without EMA while averaging by hand after every step, then with EMA: the second run's
   * validation, checkpoint and final weights must be the hand average of the first run's weights.
   */
  @Test
  void validationCheckpointAndFinalModelUseTheAverage(@TempDir Path dir) {
    Dataset train = data(120, 1);
    Dataset validation = data(60, 2);
    double decay = 0.9;

    Model plain = smallBatchNormNet(3);
    List<float[]> live = plain.tensors();
    List<float[]> manual = new ArrayList<>();
    for (float[] t : live) {
      manual.add(t.clone());
    }
    List<Double> manualAccuracy = new ArrayList<>();
    long[] steps = {0};
    plain.fit(
        train,
        Fit.epochs(2)
            .batchSize(16)
            .seed(4)
            .listener(
                new TrainingListener() {
                  @Override
                  public void onBatchEnd(BatchProgress progress) {
                    steps[0]++;
                    float d = (float) Math.min(decay, (1.0 + steps[0]) / (10.0 + steps[0]));
                    for (int t = 0; t < manual.size(); t++) {
                      float[] a = manual.get(t);
                      float[] w = live.get(t);
                      for (int i = 0; i < a.length; i++) {
                        a[i] = d * a[i] + (1 - d) * w[i];
                      }
                    }
                  }

                  @Override
                  public void onEpochEnd(EpochMetrics metrics) {
                    manualAccuracy.add(evaluateWith(manual, validation).accuracy());
                  }
                }));

    Path checkpoint = dir.resolve("ema.sumi");
    Model averaged = smallBatchNormNet(3);
    History history =
        averaged.fit(
            train,
            Fit.epochs(2)
                .batchSize(16)
                .seed(4)
                .ema(decay)
                .validation(validation)
                .checkpoint(checkpoint));
    List<float[]> result = averaged.tensors();
    for (int t = 0; t < manual.size(); t++) {
      assertArrayEquals(manual.get(t), result.get(t), "array " + t);
    }
    assertFalse(java.util.Arrays.equals(live.get(0), result.get(0)), "not the raw weights");
    List<float[]> saved = Model.load(checkpoint).tensors();
    for (int t = 0; t < manual.size(); t++) {
      assertArrayEquals(manual.get(t), saved.get(t), "saved array " + t);
    }
    assertEquals(manualAccuracy.get(0), history.epochs().get(0).validationAccuracy());
    assertEquals(manualAccuracy.get(1), history.last().validationAccuracy());
    assertEquals(history.last().validationLoss(), averaged.evaluate(validation).loss());
  }

  private static Evaluation evaluateWith(List<float[]> arrays, Dataset data) {
    Model copy = smallBatchNormNet(3);
    List<float[]> target = copy.tensors();
    for (int t = 0; t < arrays.size(); t++) {
      System.arraycopy(arrays.get(t), 0, target.get(t), 0, arrays.get(t).length);
    }
    return copy.evaluate(data);
  }

  @Test
  void runsWithEmaMixupAndSmoothingAreReproducible() {
    List<float[]> first = trained(true);
    List<float[]> second = trained(true);
    for (int t = 0; t < first.size(); t++) {
      assertArrayEquals(first.get(t), second.get(t), "array " + t);
    }
    assertFalse(java.util.Arrays.equals(first.get(0), trained(false).get(0)));
  }

  private static List<float[]> trained(boolean regularised) {
    Model model = smallBatchNormNet(5);
    Fit fit = Fit.epochs(2).batchSize(16).seed(6);
    if (regularised) {
      fit.ema(0.99).mixup(0.4).labelSmoothing(0.1);
    }
    model.fit(data(96, 7), fit);
    List<float[]> copies = new ArrayList<>();
    for (float[] t : model.tensors()) {
      copies.add(t.clone());
    }
    return copies;
  }
}
