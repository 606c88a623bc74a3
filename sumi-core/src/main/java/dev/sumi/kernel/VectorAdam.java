package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#adamUpdate} on vectors, split over the team on whole vectors when the parameter is
 * large enough to pay for waking it. The operations are those of the scalar reference in the same
 * order (no fused multiply-adds), so the weights come out bit for bit the same. Kept and re-pointed
 * per call, because a capturing lambda would allocate on every step.
 */
final class VectorAdam implements Parallel.RangeTask {
  private static final int PARALLEL_MIN_ELEMENTS = 1 << 13;

  private final Lanes lanes;
  private final Parallel team;
  private int n;
  private float[] w;
  private float[] g;
  private float[] m;
  private float[] v;
  private float beta1;
  private float beta2;
  private float l2;
  private float shrink;
  private float stepSize;
  private float sqrtCorrection2;
  private float epsilon;

  VectorAdam(Lanes lanes, Parallel team) {
    this.lanes = lanes;
    this.team = team;
  }

  void update(
      int n,
      float[] w,
      float[] g,
      float[] m,
      float[] v,
      float beta1,
      float beta2,
      float l2,
      float shrink,
      float stepSize,
      float sqrtCorrection2,
      float epsilon) {
    this.n = n;
    this.w = w;
    this.g = g;
    this.m = m;
    this.v = v;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.l2 = l2;
    this.shrink = shrink;
    this.stepSize = stepSize;
    this.sqrtCorrection2 = sqrtCorrection2;
    this.epsilon = epsilon;
    try {
      if (n < PARALLEL_MIN_ELEMENTS) {
        run(0, 0, Math.ceilDiv(n, lanes.species().length()));
      } else {
        team.forRange(Math.ceilDiv(n, lanes.species().length()), this);
      }
    } finally {
      this.w = null;
      this.g = null;
      this.m = null;
      this.v = null;
    }
  }

  /** Vectors [from, to) of the parameter. */
  @Override
  public void run(int worker, int from, int to) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int start = from * l;
    int end = Math.min(to * l, n);
    float keep1 = 1 - beta1;
    float keep2 = 1 - beta2;
    int i = start;
    for (; i + l <= end; i += l) {
      FloatVector wi = FloatVector.fromArray(sp, w, i);
      FloatVector d = FloatVector.fromArray(sp, g, i).add(wi.mul(l2));
      FloatVector mi = flushTiny(FloatVector.fromArray(sp, m, i).mul(beta1).add(d.mul(keep1)));
      FloatVector vi =
          flushTiny(FloatVector.fromArray(sp, v, i).mul(beta2).add(d.mul(keep2).mul(d)));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector denom = vi.sqrt().div(sqrtCorrection2).add(epsilon);
      wi.mul(shrink).sub(mi.mul(stepSize).div(denom)).intoArray(w, i);
    }
    ScalarKernels.adamUpdate(
        i, end, w, g, m, v, beta1, beta2, l2, shrink, stepSize, sqrtCorrection2, epsilon);
  }

  /** {@link Kernels#flushTinyMoment} on every lane. */
  private static FloatVector flushTiny(FloatVector x) {
    return x.blend(0f, x.abs().compare(VectorOperators.LT, Kernels.TINY_MOMENT));
  }
}
