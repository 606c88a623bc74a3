package dev.sumi.track.sweep;

import java.util.Arrays;
import java.util.Random;

/**
 * A density on [low, high]: an equal-weight mixture of Gaussians truncated to the interval, one
 * centred on each observed point plus a broad prior centred on the middle. Each point's width is
 * the larger gap to its neighbours, so that isolated points spread wide and clusters stay sharp.
 */
final class ParzenEstimator {
  private final double low;
  private final double high;
  private final double[] mus;
  private final double[] sigmas;
  private final double[] logNormalizers;

  ParzenEstimator(double[] points, double low, double high) {
    this.low = low;
    this.high = high;
    double range = high - low;
    double[] sorted = points.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    mus = new double[n + 1];
    sigmas = new double[n + 1];
    double minSigma = range / Math.min(100, n + 1);
    for (int i = 0; i < n; i++) {
      double left = sorted[i] - (i == 0 ? low : sorted[i - 1]);
      double right = (i == n - 1 ? high : sorted[i + 1]) - sorted[i];
      mus[i] = sorted[i];
      sigmas[i] = Math.clamp(Math.max(left, right), minSigma, range);
    }
    mus[n] = (low + high) / 2;
    sigmas[n] = range;
    logNormalizers = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      double mass = phi((high - mus[i]) / sigmas[i]) - phi((low - mus[i]) / sigmas[i]);
      logNormalizers[i] = Math.log(Math.max(mass, 1e-300) * sigmas[i] * Math.sqrt(2 * Math.PI));
    }
  }

  /** A draw from the mixture: a component chosen uniformly, then its Gaussian inside the bounds. */
  double sample(Random random) {
    int i = random.nextInt(mus.length);
    for (int attempt = 0; attempt < 100; attempt++) {
      double x = mus[i] + sigmas[i] * random.nextGaussian();
      if (x >= low && x <= high) {
        return x;
      }
    }
    return Math.clamp(mus[i], low, high);
  }

  double logDensity(double x) {
    double max = Double.NEGATIVE_INFINITY;
    double[] terms = new double[mus.length];
    for (int i = 0; i < mus.length; i++) {
      double z = (x - mus[i]) / sigmas[i];
      terms[i] = -0.5 * z * z - logNormalizers[i];
      max = Math.max(max, terms[i]);
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum / mus.length);
  }

  /** The standard normal cumulative distribution function. */
  static double phi(double z) {
    return 0.5 * (1 + erf(z / Math.sqrt(2)));
  }

  /** Abramowitz and Stegun 7.1.26; absolute error below 1.5e-7, plenty for comparing densities. */
  private static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double poly =
        t
            * (0.254829592
                + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double y = 1 - poly * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }
}
