package dev.sumi.nn;

/**
 * Wall time spent in each layer's forward and backward passes, and in the optimizer, summed over
 * every pass run with a {@link RunContext} that carries it ({@link RunContext#withStepTimes}).
 * Layers are numbered as in the model's layer list. For profiling: timing costs two clock reads per
 * layer call.
 */
public final class StepTimes {
  private final long[] forward;
  private final long[] backward;
  private long optimizer;

  /** Zeroed times for a model of {@code layers} layers. */
  public StepTimes(int layers) {
    if (layers < 0) {
      throw new IllegalArgumentException("The layer count must be >= 0, got " + layers + ".");
    }
    forward = new long[layers];
    backward = new long[layers];
  }

  public int layers() {
    return forward.length;
  }

  public void addForward(int layer, long nanos) {
    forward[layer] += nanos;
  }

  public void addBackward(int layer, long nanos) {
    backward[layer] += nanos;
  }

  public void addOptimizer(long nanos) {
    optimizer += nanos;
  }

  public long forwardNanos(int layer) {
    return forward[layer];
  }

  public long backwardNanos(int layer) {
    return backward[layer];
  }

  public long optimizerNanos() {
    return optimizer;
  }

  /** Sets every time back to zero. */
  public void clear() {
    java.util.Arrays.fill(forward, 0);
    java.util.Arrays.fill(backward, 0);
    optimizer = 0;
  }
}
