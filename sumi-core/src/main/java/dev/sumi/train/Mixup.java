package dev.sumi.train;

import dev.sumi.tensor.Tensor;

/**
 * Mixup (Zhang et al. 2018) on training batches, in place: with {@code lambda ~ Beta(alpha, alpha)}
 * drawn once per batch and a random pairing {@code j = partner(i)} of the batch with itself, image
 * i becomes {@code lambda * x_i + (1 - lambda) * x_j} and its target {@code lambda * t_i + (1 -
 * lambda) * t_j}. Lambda and the pairing come from the seed, the epoch and the batch's position
 * only, so runs are reproducible. Buffers are kept between batches; mixing allocates nothing.
 */
final class Mixup {
  private final double alpha;
  private final long seed;
  private float[] images = new float[0];
  private float[] targets = new float[0];
  private int[] partner = new int[0];
  private long state;
  private double spareGaussian = Double.NaN;

  Mixup(double alpha, long seed) {
    this.alpha = checkAlpha(alpha);
    this.seed = mix(seed ^ 0x6d69787570L); // apart from the shuffling and augmentation streams
  }

  static double checkAlpha(double alpha) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException(
          "Mixup alpha " + alpha + " is invalid; expected a finite number > 0.");
    }
    return alpha;
  }

  /**
   * Mixes the (count, ...) {@code batch} images and their (count, classes) {@code target} rows in
   * place, for batch {@code step} of {@code epoch}; returns lambda.
   */
  double apply(Tensor batch, Tensor target, int epoch, int step) {
    int count = batch.batch();
    state = mix(mix(seed + epoch) + step);
    spareGaussian = Double.NaN;
    double lambda = nextBeta();
    if (partner.length < count) {
      partner = new int[count];
    }
    for (int i = 0; i < count; i++) {
      partner[i] = i;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = (int) (nextDouble() * (i + 1));
      int t = partner[i];
      partner[i] = partner[j];
      partner[j] = t;
    }
    images = mixRows(batch.data(), count, batch.size() / count, (float) lambda, images);
    targets = mixRows(target.data(), count, target.size() / count, (float) lambda, targets);
    return lambda;
  }

  /** The example that example {@code i} of the last batch was mixed with. */
  int partner(int i) {
    return partner[i];
  }

  private float[] mixRows(float[] data, int rows, int width, float lambda, float[] copy) {
    int n = rows * width;
    if (copy.length < n) {
      copy = new float[n];
    }
    System.arraycopy(data, 0, copy, 0, n);
    float rest = 1 - lambda;
    for (int i = 0; i < rows; i++) {
      int to = i * width;
      int from = partner[i] * width;
      for (int k = 0; k < width; k++) {
        data[to + k] = lambda * copy[to + k] + rest * copy[from + k];
      }
    }
    return copy;
  }

  /** Beta(alpha, alpha) as X / (X + Y) with X, Y ~ Gamma(alpha). */
  double nextBeta() {
    double x = nextGamma(alpha);
    double y = nextGamma(alpha);
    return x + y > 0 ? x / (x + y) : 0.5;
  }

  /** Marsaglia and Tsang (2000); for shape < 1, Gamma(shape + 1) * U^(1 / shape). */
  private double nextGamma(double shape) {
    if (shape < 1) {
      double u = nextDouble();
      return nextGamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x;
      double v;
      do {
        x = nextGaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** Marsaglia's polar method. */
  private double nextGaussian() {
    if (!Double.isNaN(spareGaussian)) {
      double g = spareGaussian;
      spareGaussian = Double.NaN;
      return g;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = Math.sqrt(-2 * Math.log(s) / s);
    spareGaussian = v * f;
    return u * f;
  }

  private double nextDouble() {
    state += 0x9e3779b97f4a7c15L;
    return (mix(state) >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
