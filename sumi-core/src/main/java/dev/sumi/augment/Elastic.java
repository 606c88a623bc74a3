package dev.sumi.augment;

import java.util.Arrays;
import java.util.Locale;

/**
 * Elastic distortion (Simard, Steinkraus and Platt, 2003): a random displacement in [-1, 1] for
 * every pixel and direction, smoothed by a Gaussian of standard deviation {@code sigma} pixels
 * (zero outside the image) and scaled by {@code alpha}; the image is then resampled bilinearly at
 * the displaced positions. Simard et al. used alpha 34 and sigma 4 on MNIST.
 */
public final class Elastic implements Augmentation {
  private final double alpha;
  private final double sigma;
  private final float[] kernel;

  Elastic(double alpha, double sigma) {
    if (!(alpha >= 0 && alpha <= 1000)) {
      throw new IllegalArgumentException(
          "Elastic alpha is " + alpha + "; expected a value in [0, 1000].");
    }
    if (!(sigma >= 0.5 && sigma <= 50)) {
      throw new IllegalArgumentException(
          "Elastic sigma is " + sigma + "; expected a value in [0.5, 50] pixels.");
    }
    this.alpha = alpha;
    this.sigma = sigma;
    int radius = (int) Math.ceil(3 * sigma);
    this.kernel = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      sum += Math.exp(-0.5 * i * i / (sigma * sigma));
    }
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = (float) (Math.exp(-0.5 * i * i / (sigma * sigma)) / sum);
    }
  }

  @Override
  public void apply(Sample sample) {
    float[] fx = sample.fieldX();
    float[] fy = sample.fieldY();
    for (int i = 0; i < fx.length; i++) {
      fx[i] = (float) sample.uniform(-1, 1);
      fy[i] = (float) sample.uniform(-1, 1);
    }
    smooth(fx, sample);
    smooth(fy, sample);
    int w = sample.width();
    float scale = (float) alpha;
    for (int y = 0; y < sample.height(); y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        fx[i] = x + scale * fx[i];
        fy[i] = y + scale * fy[i];
      }
    }
    sample.warp();
  }

  /** Separable Gaussian blur of {@code field} in place, with zeros beyond the edges. */
  private void smooth(float[] field, Sample sample) {
    int w = sample.width();
    int h = sample.height();
    int r = kernel.length / 2;
    float[] temp = sample.temp();
    Arrays.fill(temp, 0f);
    // Tap by tap over whole rows, so the inner loops are independent and vectorise.
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int k = Math.max(-r, 1 - w); k <= Math.min(r, w - 1); k++) {
        float weight = kernel[k + r];
        for (int x = Math.max(0, -k), end = Math.min(w, w - k); x < end; x++) {
          temp[row + x] += weight * field[row + x + k];
        }
      }
    }
    Arrays.fill(field, 0f);
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int k = Math.max(-r, -y), last = Math.min(r, h - 1 - y); k <= last; k++) {
        float weight = kernel[k + r];
        int src = (y + k) * w;
        for (int x = 0; x < w; x++) {
          field[row + x] += weight * temp[src + x];
        }
      }
    }
  }

  @Override
  public String spec() {
    return String.format(
        Locale.ROOT, "elastic:alpha=%s,sigma=%s", Affine.n(alpha), Affine.n(sigma));
  }

  @Override
  public String toString() {
    return spec();
  }
}
