package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sumi.augment.Augment;
import dev.sumi.augment.Augmentation;
import dev.sumi.augment.Sample;
import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.model.Zoo;
import dev.sumi.nn.Parameter;
import dev.sumi.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Augmentation inside the training loop, on a small synthetic data set. */
class AugmentedTrainingTest {
  private static final List<String> CLASSES = List.of("0", "1", "2");

  private static Dataset data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 28 * 28];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (int j = 0; j < 28 * 28; j++) {
        pixels[i * 784 + j] = (byte) (j % 28 < 9 * (labels[i] + 1) ? r.nextInt(256) : 0);
      }
    }
    return Dataset.of("synthetic", pixels, labels, Shape.of(1, 28, 28), CLASSES, 0.2f, 0.3f);
  }

  private static List<float[]> weights(Augmentation augmentation, int threads) {
    Dataset train = data(300, 1);
    Model model = Zoo.create("seed-minimal", 3).build(train.sampleShape(), 4).threads(threads);
    Fit fit = Fit.epochs(2).batchSize(32).seed(9);
    if (augmentation != null) {
      fit.augment(augmentation);
    }
    model.fit(train, fit);
    List<float[]> weights = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      weights.add(p.value().clone());
    }
    return weights;
  }

  @Test
  void augmentedRunsAreReproducibleAndDifferFromPlainOnes() {
    Augmentation a = Augment.defaults("mnist").then(Augment.erasing(0.5));
    List<float[]> first = weights(a, 2);
    List<float[]> second = weights(a, 2);
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), second.get(i));
    }
    assertFalse(java.util.Arrays.equals(first.get(0), weights(null, 2).get(0)));
  }

  @Test
  void everyTrainingImageIsAugmentedOncePerEpochAndValidationNever() {
    AtomicInteger calls = new AtomicInteger();
    Augmentation counting =
        new Augmentation() {
          @Override
          public void apply(Sample sample) {
            calls.incrementAndGet();
          }

          @Override
          public String spec() {
            return "counting";
          }
        };
    Dataset train = data(100, 2);
    Model model = Zoo.create("seed-minimal", 3).build(train.sampleShape(), 1).threads(2);
    model.fit(train, Fit.epochs(3).batchSize(16).seed(1).validation(data(50, 3)).augment(counting));
    assertEquals(300, calls.get());
  }
}
