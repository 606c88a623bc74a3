package dev.sumi.augment;

import java.util.Locale;

/**
 * A random crop of the image padded by {@code pad} pixels of background on every side, at the
 * original size: a shift by whole pixels, drawn uniformly from [-pad, pad] along each axis (as
 * torchvision's {@code RandomCrop(size, padding=pad)}). Whole pixels keep the image as sharp as the
 * test images, where an {@link Affine} shift resamples it bilinearly and blurs it.
 */
public final class Crop implements Augmentation {
  private final int pad;

  Crop(int pad) {
    if (pad < 0 || pad > 1 << 16) {
      throw new IllegalArgumentException(
          "Crop padding is " + pad + "; expected a whole number of pixels >= 0.");
    }
    this.pad = pad;
  }

  @Override
  public void apply(Sample sample) {
    int dx = sample.nextInt(2 * pad + 1) - pad;
    int dy = sample.nextInt(2 * pad + 1) - pad;
    Translate.shift(sample, dx, dy);
  }

  @Override
  public String spec() {
    return String.format(Locale.ROOT, "crop:pad=%d", pad);
  }

  @Override
  public String toString() {
    return spec();
  }
}
