package dev.sumi.augment;

import java.util.Locale;

/**
 * A fixed shift by whole pixels, {@code dx} to the right and {@code dy} down, with the background
 * moving into view; not random, so it suits test-time augmentation.
 */
public final class Translate implements Augmentation {
  private final int dx;
  private final int dy;

  Translate(int dx, int dy) {
    this.dx = dx;
    this.dy = dy;
  }

  @Override
  public void apply(Sample sample) {
    shift(sample, dx, dy);
  }

  /** Shifts every channel of the sample by whole pixels, filling with its background. */
  static void shift(Sample sample, int dx, int dy) {
    if (dx == 0 && dy == 0) {
      return;
    }
    float[] data = sample.data();
    float[] plane = sample.plane();
    int h = sample.height();
    int w = sample.width();
    for (int c = 0; c < sample.channels(); c++) {
      int base = sample.planeOffset(c);
      for (int y = 0; y < h; y++) {
        int sy = y - dy;
        for (int x = 0; x < w; x++) {
          int sx = x - dx;
          plane[y * w + x] =
              sx >= 0 && sx < w && sy >= 0 && sy < h
                  ? data[base + sy * w + sx]
                  : sample.background();
        }
      }
      System.arraycopy(plane, 0, data, base, h * w);
    }
  }

  @Override
  public String spec() {
    return String.format(Locale.ROOT, "translate:x=%d,y=%d", dx, dy);
  }

  @Override
  public String toString() {
    return spec();
  }
}
