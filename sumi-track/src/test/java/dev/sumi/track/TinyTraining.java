package dev.sumi.track;

import dev.sumi.data.Dataset;
import dev.sumi.model.Sequential;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.MaxPool2D;
import dev.sumi.tensor.Shape;
import java.util.List;
import java.util.SplittableRandom;

/** A tiny data set with something to learn and a tiny CNN, so that training takes milliseconds. */
final class TinyTraining {
  static final Shape INPUT = Shape.of(1, 12, 12);

  private TinyTraining() {}

  static Dataset data(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[n * INPUT.size()];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(3);
      for (int p = 0; p < INPUT.size(); p++) {
        // Brighter images for higher labels.
        pixels[i * INPUT.size() + p] = (byte) random.nextInt(40 + 70 * labels[i]);
      }
    }
    return Dataset.of("tiny", pixels, labels, INPUT, List.of("a", "b", "c"), 0.2f, 0.2f);
  }

  static Sequential model() {
    return Sequential.of(Conv2D.of(4, 3), MaxPool2D.of(2), Flatten.of(), Dense.of(3))
        .build(INPUT, 3);
  }
}
