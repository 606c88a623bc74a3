package dev.sumi.jmh;

import java.util.SplittableRandom;

/** Benchmark inputs: uniform floats in [-1, 1), the same for every run. */
final class RandomArrays {
  private RandomArrays() {}

  static float[] uniform(int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return values;
  }
}
