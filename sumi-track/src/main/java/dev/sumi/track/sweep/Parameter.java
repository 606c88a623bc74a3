package dev.sumi.track.sweep;

import java.util.List;
import java.util.Random;

/** One hyper-parameter of a search space and the values it may take. */
public sealed interface Parameter {
  /** The name, a {@code sumi train} option without its dashes, e.g. {@code lr}. */
  String name();

  /** A value drawn uniformly from this parameter's range (in log space for log-uniform ones). */
  Object sample(Random random);

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
      return min + random.nextDouble() * (max - min);
    }
  }

  /** Positive real values whose logarithm is uniform between log(min) and log(max). */
  record LogUniform(String name, double min, double max) implements Parameter {
    @Override
    public Object sample(Random random) {
      return Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)));
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
