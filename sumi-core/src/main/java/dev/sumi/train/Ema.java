package dev.sumi.train;

import java.util.List;

/**
 * An exponential moving average of a model's arrays (its {@link dev.sumi.model.Model#tensors()}:
 * the parameters and the layer state, such as BatchNorm's running statistics, all averaged alike).
 * After update t the average is {@code a = d * a + (1 - d) * w} with {@code d = min(decay, (1 + t)
 * / (10 + t))}, the warm-up of TensorFlow's {@code ExponentialMovingAverage} with {@code
 * num_updates}, so that early averages are not dominated by the initial weights. Updates allocate
 * nothing.
 */
final class Ema {
  private final List<float[]> live;
  private final float[][] average;
  private final double decay;
  private float[][] saved;
  private long updates;

  Ema(List<float[]> live, double decay) {
    this.live = live;
    this.decay = checkDecay(decay);
    this.average = new float[live.size()][];
    for (int i = 0; i < average.length; i++) {
      average[i] = live.get(i).clone();
    }
  }

  static double checkDecay(double decay) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException(
          "EMA decay " + decay + " is invalid; expected 0 < decay < 1, e.g. 0.999.");
    }
    return decay;
  }

  /** Folds the current live values into the average. */
  void update() {
    updates++;
    float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
    float rest = 1 - d;
    for (int t = 0; t < average.length; t++) {
      float[] a = average[t];
      float[] w = live.get(t);
      for (int i = 0; i < a.length; i++) {
        a[i] = d * a[i] + rest * w[i];
      }
    }
  }

  /** The averaged values of array {@code index}. */
  float[] average(int index) {
    return average[index];
  }

  /** Puts the averages into the live arrays, keeping the live values for {@link #restore()}. */
  void swapIn() {
    if (saved == null) {
      saved = new float[average.length][];
      for (int i = 0; i < saved.length; i++) {
        saved[i] = new float[average[i].length];
      }
    }
    for (int i = 0; i < average.length; i++) {
      System.arraycopy(live.get(i), 0, saved[i], 0, saved[i].length);
      System.arraycopy(average[i], 0, live.get(i), 0, saved[i].length);
    }
  }

  /** Undoes {@link #swapIn()}. */
  void restore() {
    for (int i = 0; i < average.length; i++) {
      System.arraycopy(saved[i], 0, live.get(i), 0, saved[i].length);
    }
  }
}
