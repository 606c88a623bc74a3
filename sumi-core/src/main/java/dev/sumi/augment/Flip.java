package dev.sumi.augment;

import java.util.Locale;

/**
 * A horizontal (left-right) flip with probability {@code p}; standard for Fashion-MNIST, wrong for
 * digits and characters.
 */
public final class Flip implements Augmentation {
  private final double p;

  Flip(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "Flip probability is " + p + "; expected a value in [0, 1].");
    }
    this.p = p;
  }

  @Override
  public void apply(Sample sample) {
    if (!sample.chance(p)) {
      return;
    }
    float[] data = sample.data();
    int w = sample.width();
    for (int c = 0; c < sample.channels(); c++) {
      int base = sample.planeOffset(c);
      for (int y = 0; y < sample.height(); y++) {
        int row = base + y * w;
        for (int l = row, r = row + w - 1; l < r; l++, r--) {
          float t = data[l];
          data[l] = data[r];
          data[r] = t;
        }
      }
    }
  }

  @Override
  public String spec() {
    return p == 0.5 ? "flip" : String.format(Locale.ROOT, "flip:p=%s", Affine.n(p));
  }

  @Override
  public String toString() {
    return spec();
  }
}
