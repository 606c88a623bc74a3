package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.augment.Augment;
import dev.sumi.data.Batches;
import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.model.Sequential;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.RunContext;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ensembles and test-time augmentation against plain evaluation and hand-averaged softmax. */
class EnsembleTest {
  private static Dataset train;
  private static Dataset test;
  private static Model a;
  private static Model b;

  @BeforeAll
  static void trainTwoModels() {
    train = EmaTest.data(150, 1);
    test = noisy(90, 2);
    a = EmaTest.smallBatchNormNet(1);
    a.fit(train, Fit.epochs(1).batchSize(16).seed(1));
    b = EmaTest.smallBatchNormNet(2);
    b.fit(train, Fit.epochs(1).batchSize(16).seed(2));
  }

  /** Images with noise everywhere, so that the models disagree on some of them. */
  private static Dataset noisy(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 144];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (int j = 0; j < 144; j++) {
        int x = j % 12;
        pixels[i * 144 + j] = (byte) (x < 4 * (labels[i] + 1) ? r.nextInt(256) : r.nextInt(160));
      }
    }
    return Dataset.of(
        "noisy", pixels, labels, Shape.of(1, 12, 12), List.of("a", "b", "c"), 0.2f, 0.3f);
  }

  @Test
  void ttaWithOneViewEqualsPlainEvaluationExactly() {
    Evaluation plain = a.evaluate(test);
    for (Evaluation tta : List.of(a.evaluate(test, Tta.shifts(1)), a.evaluate(test, Tta.none()))) {
      assertEquals(plain.loss(), tta.loss());
      assertEquals(plain.accuracy(), tta.accuracy());
      assertArrayEquals(plain.confusion(), tta.confusion());
      assertEquals(plain.examples(), tta.examples());
    }
  }

  @Test
  void anEnsembleOfAModelWithItselfEqualsTheModel() {
    Evaluation plain = a.evaluate(test);
    EnsembleEvaluation twice = Ensemble.of(a, a).evaluate(test);
    assertEquals(plain.accuracy(), twice.ensemble().accuracy());
    assertArrayEquals(plain.confusion(), twice.ensemble().confusion());
    assertEquals(plain.loss(), twice.ensemble().loss(), 1e-6);
    for (Evaluation member : twice.members()) {
      assertEquals(plain.loss(), member.loss());
      assertArrayEquals(plain.confusion(), member.confusion());
    }
  }

  @Test
  void anEnsembleOfTwoModelsAveragesTheirProbabilities() {
    double[][] pa = softmax(a, test);
    double[][] pb = softmax(b, test);
    int correct = 0;
    double loss = 0;
    for (int i = 0; i < test.size(); i++) {
      double[] mean = new double[3];
      for (int k = 0; k < 3; k++) {
        mean[k] = (pa[i][k] + pb[i][k]) / 2;
      }
      if (argmax(mean) == test.label(i)) {
        correct++;
      }
      loss -= Math.log(mean[test.label(i)]);
    }
    EnsembleEvaluation result = Ensemble.of(a, b).evaluate(test);
    assertEquals((double) correct / test.size(), result.ensemble().accuracy());
    assertEquals(loss / test.size(), result.ensemble().loss(), 1e-5);
    assertEquals(a.evaluate(test).loss(), result.members().get(0).loss());
    assertEquals(b.evaluate(test).loss(), result.members().get(1).loss());
    assertNotEquals(result.members().get(0).loss(), result.ensemble().loss());
    assertNotEquals(result.members().get(1).loss(), result.ensemble().loss());
    assertEquals(2, result.members().size());
  }

  @Test
  void ttaAveragesTheOriginalAndTheShiftedImages() {
    Dataset shifted = shiftRight(test);
    double[][] original = softmax(a, test);
    double[][] moved = softmax(a, shifted);
    int correct = 0;
    double loss = 0;
    for (int i = 0; i < test.size(); i++) {
      double[] mean = new double[3];
      for (int k = 0; k < 3; k++) {
        mean[k] = (original[i][k] + moved[i][k]) / 2;
      }
      correct += argmax(mean) == test.label(i) ? 1 : 0;
      loss -= Math.log(mean[test.label(i)]);
    }
    Evaluation tta = a.evaluate(test, Tta.shifts(2));
    assertEquals((double) correct / test.size(), tta.accuracy());
    assertEquals(loss / test.size(), tta.loss(), 1e-5);
    assertNotEquals(a.evaluate(test).loss(), tta.loss());
    assertEquals(
        tta.loss(),
        a.evaluate(test, Tta.of(List.of(Augment.none(), Augment.translate(1, 0)))).loss());
    assertEquals("none|translate:x=1,y=0|translate:x=-1,y=0", Tta.shifts(3).describe());
  }

  @Test
  void flippedViewsAverageEachViewAndItsMirrorImage() {
    Tta flips = Tta.shifts(2).withFlips();
    assertEquals(4, flips.size());
    assertEquals("none|translate:x=1,y=0|flip:p=1|translate:x=1,y=0+flip:p=1", flips.describe());
    Evaluation byHand =
        a.evaluate(
            test,
            Tta.of(
                List.of(
                    Augment.none(),
                    Augment.translate(1, 0),
                    Augment.flip(1),
                    Augment.of(Augment.translate(1, 0), Augment.flip(1)))));
    Evaluation withFlips = a.evaluate(test, flips);
    assertEquals(byHand.loss(), withFlips.loss());
    assertEquals(byHand.accuracy(), withFlips.accuracy());
    assertNotEquals(a.evaluate(test, Tta.shifts(2)).loss(), withFlips.loss());
  }

  @Test
  void ensemblePredictAveragesProbabilities() {
    float[] image = new float[144];
    for (int i = 0; i < image.length; i++) {
      image[i] = (i % 7) / 7f;
    }
    Tensor x = new Tensor(Shape.of(1, 1, 12, 12), image);
    float[] pa = a.predict(x).toArray();
    float[] pb = b.predict(x).toArray();
    float[] mean = Ensemble.of(a, b).predict(x).toArray();
    for (int k = 0; k < 3; k++) {
      assertEquals((pa[k] + pb[k]) / 2, mean[k], 1e-6f);
    }
  }

  @Test
  void badEnsemblesAndViewCountsAreNamed() {
    Model fourClasses = Sequential.of(Flatten.of(), Dense.of(4)).build(Shape.of(1, 12, 12), 1);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ensemble.of(List.of(a, fourClasses), List.of("a.sumi", "four.sumi")));
    assertTrue(e.getMessage().startsWith("Ensemble four.sumi takes"), e.getMessage());
    assertTrue(e.getMessage().contains("a.sumi"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ensemble.of(List.of()));
    var views = assertThrows(IllegalArgumentException.class, () -> Tta.shifts(0));
    assertTrue(views.getMessage().contains("expected 1 to 25"), views.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tta.shifts(26));
  }

  private static Dataset shiftRight(Dataset data) {
    int n = data.size();
    float[] images = new float[n * 144];
    data.fill(0, n, images, new int[n]);
    byte[] pixels = new byte[n * 144];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = data.label(i);
      for (int y = 0; y < 12; y++) {
        for (int x = 1; x < 12; x++) {
          pixels[i * 144 + y * 12 + x] = (byte) pixelOf(data, images[i * 144 + y * 12 + x - 1]);
        }
      }
    }
    return Dataset.of(
        "shifted", pixels, labels, data.sampleShape(), data.classNames(), data.mean(), data.std());
  }

  private static int pixelOf(Dataset data, float normalized) {
    for (int p = 0; p < 256; p++) {
      if (data.normalized(p) == normalized) {
        return p;
      }
    }
    throw new AssertionError("no pixel normalises to " + normalized);
  }

  private static double[][] softmax(Model model, Dataset data) {
    double[][] p = new double[data.size()][];
    Batches batches = Batches.inOrder(data, 32);
    RunContext context = RunContext.inference(model.kernels());
    int i = 0;
    while (batches.next()) {
      Tensor logits = model.forward(batches.images(), context);
      for (int r = 0; r < batches.count(); r++, i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
          max = Math.max(max, logits.data()[r * 3 + k]);
        }
        double sum = 0;
        p[i] = new double[3];
        for (int k = 0; k < 3; k++) {
          p[i][k] = Math.exp(logits.data()[r * 3 + k] - max);
          sum += p[i][k];
        }
        for (int k = 0; k < 3; k++) {
          p[i][k] /= sum;
        }
      }
    }
    return p;
  }

  private static int argmax(double[] v) {
    int best = 0;
    for (int k = 1; k < v.length; k++) {
      if (v[k] > v[best]) {
        best = k;
      }
    }
    return best;
  }
}
