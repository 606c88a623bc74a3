package dev.sumi.track.sweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Random;

/** One hyper-parameter of a search space and the values it may take. */
public sealed interface Parameter {
  /** The name, a {@code sumi train} option without its dashes, e.g. {@code lr}. */
  String name();

  /** A value drawn uniformly from this parameter's range (in log space for log-uniform ones). */
  Object sample(Random random);

  /**
   * {@code x} to four significant digits. Real values are proposed rounded like this, so that the
   * values printed, passed to {@code sumi train} and recorded are the same short numbers.
   */
  static double significant(double x) {
    return x == 0 || !Double.isFinite(x)
        ? x
        : new BigDecimal(x).round(new MathContext(4)).doubleValue();
  }

  /** A fixed list of values; the only kind a grid can enumerate. */
  record Categorical(String name, List<Object> values) implements Parameter {
    public Categorical {
      values = List.copyOf(values);
    }

    @Override
    public Object sample(Random random) {
      return values.get(random.nextInt(values.size()));
    }
  }

  /** Real values between min and max. */
  record Uniform(String name, double min, double max) implements Parameter {
    @Override
    public Object sample(Random random) {
      return Math.clamp(significant(min + random.nextDouble() * (max - min)), min, max);
    }
  }

  /** Positive real values whose logarithm is uniform between log(min) and log(max). */
  record LogUniform(String name, double min, double max) implements Parameter {
    @Override
    public Object sample(Random random) {
      double x = Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
      return Math.clamp(significant(x), min, max);
    }
  }

  /** Whole numbers from min to max, both included. */
  record IntUniform(String name, long min, long max) implements Parameter {
    @Override
    public Object sample(Random random) {
      return random.nextLong(min, max + 1);
    }
  }
}
