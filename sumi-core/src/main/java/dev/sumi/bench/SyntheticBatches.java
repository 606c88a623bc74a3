package dev.sumi.bench;

import dev.sumi.model.Normalization;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * A few fixed batches of uniform noise images with random labels, the same for a given seed, cycled
 * through without allocating. Each batch is held raw (pixel values in [0, 1], as {@code
 * Model.predict} takes them) and normalised (as training takes them).
 */
final class SyntheticBatches {
  /** The mean and standard deviation of uniform noise on [0, 1]. */
  static final Normalization NORMALIZATION = new Normalization(0.5f, (float) Math.sqrt(1 / 12.0));

  private final Tensor[] raw;
  private final Tensor[] normalized;
  private final int[][] labels;
  private int current;

  SyntheticBatches(Shape example, int classes, int batchSize, int batches, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Shape shape = example.withBatch(batchSize);
    raw = new Tensor[batches];
    normalized = new Tensor[batches];
    labels = new int[batches][batchSize];
    for (int b = 0; b < batches; b++) {
      raw[b] = Tensor.zeros(shape);
      normalized[b] = Tensor.zeros(shape);
      float[] pixels = raw[b].data();
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = random.nextFloat();
      }
      NORMALIZATION.apply(pixels, normalized[b].data(), pixels.length);
      for (int i = 0; i < batchSize; i++) {
        labels[b][i] = random.nextInt(classes);
      }
    }
  }

  /** Moves to the next batch, after the last back to the first. */
  void next() {
    current = (current + 1) % raw.length;
  }

  Tensor raw() {
    return raw[current];
  }

  Tensor normalized() {
    return normalized[current];
  }

  int[] labels() {
    return labels[current];
  }
}
