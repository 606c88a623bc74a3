package dev.sumi.track.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Tree-structured Parzen Estimator (Bergstra et al., 2011), each parameter modelled on its own.
 *
 * <p>After {@code startupTrials} random configurations, the observed trials are split at the
 * quantile {@link #GAMMA} into good and bad ones. For each parameter a density l(x) is fitted to
 * the good trials' values and g(x) to the bad ones' (Parzen windows, in log space for log-uniform
 * parameters; counts plus one for categorical ones); of {@link #CANDIDATES} draws from l, the one
 * with the largest l(x)/g(x) is proposed. Trials still running are not known to it, so parallel
 * trials may get similar proposals.
 */
public final class TpeSampler implements Sampler {
  static final double GAMMA = 0.25;
  static final int CANDIDATES = 24;

  private final SearchSpace space;
  private final int startupTrials;
  private final RandomSampler startup;
  private final Random random;

  public TpeSampler(SearchSpace space, long seed, int startupTrials) {
    if (startupTrials < 1) {
      throw new IllegalArgumentException("startup trials must be >= 1, got " + startupTrials + ".");
    }
    this.space = space;
    this.startupTrials = startupTrials;
    this.startup = new RandomSampler(space, seed);
    this.random = new Random(seed ^ 0x5DEECE66DL);
  }

  @Override
  public Optional<Map<String, Object>> next(List<Observation> observations) {
    if (observations.size() < startupTrials) {
      return startup.next(observations);
    }
    List<Observation> ranked = new ArrayList<>(observations);
    // Best first; a NaN score (a diverged trial) counts as the worst.
    ranked.sort(
        Comparator.comparingDouble((Observation o) -> Double.isNaN(o.score()) ? -1e300 : o.score())
            .reversed());
    int good = Math.max(1, (int) Math.ceil(GAMMA * ranked.size()));
    List<Observation> below = ranked.subList(0, good);
    List<Observation> above = ranked.subList(good, ranked.size());
    Map<String, Object> config = new LinkedHashMap<>();
    for (Parameter p : space.parameters()) {
      config.put(p.name(), propose(p, below, above));
    }
    return Optional.of(config);
  }

  private Object propose(Parameter p, List<Observation> good, List<Observation> bad) {
    if (p instanceof Parameter.Categorical c) {
      return proposeCategory(c, good, bad);
    }
    double low;
    double high;
    switch (p) {
      case Parameter.Uniform u -> {
        low = u.min();
        high = u.max();
      }
      case Parameter.LogUniform u -> {
        low = Math.log(u.min());
        high = Math.log(u.max());
      }
      case Parameter.IntUniform u -> {
        low = u.min() - 0.5;
        high = u.max() + 0.5;
      }
      case Parameter.Categorical c -> throw new AssertionError(c);
    }
    ParzenEstimator l = new ParzenEstimator(internal(p, good), low, high);
    ParzenEstimator g = new ParzenEstimator(internal(p, bad), low, high);
    double best = l.sample(random);
    double bestRatio = l.logDensity(best) - g.logDensity(best);
    for (int i = 1; i < CANDIDATES; i++) {
      double x = l.sample(random);
      double ratio = l.logDensity(x) - g.logDensity(x);
      if (ratio > bestRatio) {
        best = x;
        bestRatio = ratio;
      }
    }
    return switch (p) {
      case Parameter.Uniform u -> Math.clamp(Parameter.significant(best), u.min(), u.max());
      case Parameter.LogUniform u ->
          Math.clamp(Parameter.significant(Math.exp(best)), u.min(), u.max());
      case Parameter.IntUniform u -> Math.clamp(Math.round(best), u.min(), u.max());
      case Parameter.Categorical c -> throw new AssertionError(c);
    };
  }

  /** The observed values of a numeric parameter, in the space its density is fitted in. */
  private static double[] internal(Parameter p, List<Observation> observations) {
    return observations.stream()
        .map(o -> o.config().get(p.name()))
        .filter(v -> v instanceof Number)
        .mapToDouble(v -> ((Number) v).doubleValue())
        .map(v -> p instanceof Parameter.LogUniform ? Math.log(v) : v)
        .toArray();
  }

  private Object proposeCategory(
      Parameter.Categorical p, List<Observation> good, List<Observation> bad) {
    double[] l = categoryWeights(p, good);
    double[] g = categoryWeights(p, bad);
    int best = -1;
    double bestRatio = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < CANDIDATES; i++) {
      int c = drawCategory(l);
      double ratio = Math.log(l[c]) - Math.log(g[c]);
      if (ratio > bestRatio) {
        best = c;
        bestRatio = ratio;
      }
    }
    return p.values().get(best);
  }

  /** Each value's share of the trials that used it, with one extra pseudo-trial per value. */
  private static double[] categoryWeights(Parameter.Categorical p, List<Observation> observations) {
    double[] w = new double[p.values().size()];
    Arrays.fill(w, 1);
    for (Observation o : observations) {
      int i = p.values().indexOf(o.config().get(p.name()));
      if (i >= 0) {
        w[i]++;
      }
    }
    double total = Arrays.stream(w).sum();
    for (int i = 0; i < w.length; i++) {
      w[i] /= total;
    }
    return w;
  }

  private int drawCategory(double[] weights) {
    double u = random.nextDouble();
    for (int i = 0; i < weights.length - 1; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
