package dev.sumi.kernel;

/**
 * Pooling forward or backward with the batch split over the team. One instance is kept per kernels
 * object and re-pointed per call, because a capturing lambda would allocate on every call.
 */
final class PoolJob implements Parallel.RangeTask {
  enum Kind {
    MAX,
    MAX_2X2,
    MAX_BACKWARD,
    AVERAGE,
    AVERAGE_BACKWARD
  }

  private final Parallel team;
  private final VectorMaxPool2x2 maxPool2x2;
  private Kind kind;
  private PoolGeometry g;
  private float[] from;
  private float[] to;
  private int[] argmax;

  PoolJob(Parallel team, VectorMaxPool2x2 maxPool2x2) {
    this.team = team;
    this.maxPool2x2 = maxPool2x2;
  }

  /**
   * Pools {@code source} into {@code target} (forward: input to output; backward: output gradient
   * to input gradient) for a batch; argmax is written by max forward and read by max backward.
   */
  void run(Kind kind, PoolGeometry g, int batch, float[] source, float[] target, int[] argmax) {
    this.kind = kind;
    this.g = g;
    this.from = source;
    this.to = target;
    this.argmax = argmax;
    try {
      team.forRange(batch, this);
    } finally {
      this.from = null;
      this.to = null;
      this.argmax = null;
    }
  }

  @Override
  public void run(int worker, int first, int end) {
    switch (kind) {
      case MAX -> ScalarKernels.maxPoolForward(g, first, end, from, to, argmax);
      case MAX_2X2 -> maxPool2x2.forward(g, first, end, from, to, argmax);
      case MAX_BACKWARD -> {
        if (maxPool2x2.appliesBackward(g)) {
          maxPool2x2.backward(g, first, end, from, argmax, to);
        } else {
          ScalarKernels.maxPoolBackward(g, first, end, from, argmax, to);
        }
      }
      case AVERAGE -> ScalarKernels.avgPoolForward(g, first, end, from, to);
      case AVERAGE_BACKWARD -> ScalarKernels.avgPoolBackward(g, first, end, from, to);
    }
  }
}
