package dev.sumi.augment;

import java.util.Locale;

/**
 * Random erasing (Zhong et al., 2017): with probability {@code p}, one rectangle covering a random
 * fraction in [{@code minArea}, {@code maxArea}] of the image, with a random aspect ratio in
 * [{@code minRatio}, 1 / {@code minRatio}] (drawn log-uniformly), is filled with random values
 * across the pixel range, or with the background. Defaults as in the paper: areas 0.02 to 0.4,
 * ratio 0.3 to 3.3, random values. Immutable: each setter returns a new transform.
 */
public final class Erasing implements Augmentation {
  private static final int ATTEMPTS = 10;

  private final double p;
  private final double minArea;
  private final double maxArea;
  private final double minRatio;
  private final boolean background;

  Erasing(double p, double minArea, double maxArea, double minRatio, boolean background) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "Erasing probability is " + p + "; expected a value in [0, 1].");
    }
    if (!(minArea > 0 && minArea <= maxArea && maxArea < 1)) {
      throw new IllegalArgumentException(
          "Erasing area is "
              + minArea
              + " to "
              + maxArea
              + "; expected 0 < min <= max < 1 (fractions of the image).");
    }
    if (!(minRatio > 0 && minRatio <= 1)) {
      throw new IllegalArgumentException(
          "Erasing aspect ratio bound is " + minRatio + "; expected a value in (0, 1].");
    }
    this.p = p;
    this.minArea = minArea;
    this.maxArea = maxArea;
    this.minRatio = minRatio;
    this.background = background;
  }

  /** Erased area between {@code min} and {@code max}, as fractions of the image. */
  public Erasing area(double min, double max) {
    return new Erasing(p, min, max, minRatio, background);
  }

  /** Aspect ratios (height / width) between {@code min} and {@code 1 / min}. */
  public Erasing ratio(double min) {
    return new Erasing(p, minArea, maxArea, min, background);
  }

  /** Fill with the background value instead of random values. */
  public Erasing withBackground() {
    return new Erasing(p, minArea, maxArea, minRatio, true);
  }

  @Override
  public void apply(Sample sample) {
    if (!sample.chance(p)) {
      return;
    }
    int h = sample.height();
    int w = sample.width();
    double logRatio = Math.log(minRatio);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double area = sample.uniform(minArea, maxArea) * h * w;
      double ratio = Math.exp(sample.uniform(logRatio, -logRatio));
      int eh = (int) Math.round(Math.sqrt(area * ratio));
      int ew = (int) Math.round(Math.sqrt(area / ratio));
      if (eh < 1 || ew < 1 || eh >= h || ew >= w) {
        continue;
      }
      int top = sample.nextInt(h - eh + 1);
      int left = sample.nextInt(w - ew + 1);
      fill(sample, top, left, eh, ew);
      return;
    }
  }

  private void fill(Sample sample, int top, int left, int eh, int ew) {
    float[] data = sample.data();
    for (int c = 0; c < sample.channels(); c++) {
      int base = sample.planeOffset(c);
      for (int y = top; y < top + eh; y++) {
        for (int x = left; x < left + ew; x++) {
          data[base + y * sample.width() + x] =
              background
                  ? sample.background()
                  : (float) Math.min(sample.max(), sample.uniform(sample.min(), sample.max()));
        }
      }
    }
  }

  @Override
  public String spec() {
    return String.format(
        Locale.ROOT,
        "erasing:p=%s,min=%s,max=%s,ratio=%s%s",
        Affine.n(p),
        Affine.n(minArea),
        Affine.n(maxArea),
        Affine.n(minRatio),
        background ? ",fill=background" : "");
  }

  @Override
  public String toString() {
    return spec();
  }
}
