package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised element-wise work: activations, softmax and the sums behind bias gradients. Each
 * method covers a range on the calling thread; callers split ranges over workers.
 */
final class VectorElementwise {
  private final Lanes lanes;

  VectorElementwise(Lanes lanes) {
    this.lanes = lanes;
  }

  /**
   * out[i] = act(in[i]) for i in [from, to). Sigmoid and tanh stay scalar: the vector library's exp
   * and tanh give different last bits interpreted and compiled, which would break determinism.
   */
  void activate(Activation activation, float[] in, float[] out, int from, int to) {
    VectorSpecies<Float> sp = lanes.species();
    int i = from;
    if (!VectorActivation.isPiecewiseLinear(activation)) {
      i = to;
      for (int j = from; j < to; j++) {
        out[j] = activation.apply(in[j]);
      }
    }
    boolean relu = activation.kind() == Activation.Kind.RELU;
    boolean leaky = activation.kind() == Activation.Kind.LEAKY_RELU;
    for (int end = to - sp.length(); i <= end; i += sp.length()) {
      FloatVector v = FloatVector.fromArray(sp, in, i);
      if (relu) {
        v = v.blend(0f, v.compare(VectorOperators.GT, 0f).not());
      } else if (leaky) {
        v = v.blend(v.mul(activation.alpha()), v.compare(VectorOperators.GT, 0f).not());
      }
      v.intoArray(out, i);
    }
    for (; i < to; i++) {
      out[i] = activation.apply(in[i]);
    }
  }

  /** {@link Kernels#dropout} over [from, to): the draws of {@link DropoutDraws} on int lanes. */
  void dropout(float rate, long seed, float[] in, float[] mask, float[] out, int from, int to) {
    VectorSpecies<Float> sp = lanes.species();
    VectorSpecies<Integer> is = lanes.ints();
    int l = sp.length();
    float keep = 1f / (1f - rate);
    int threshold = DropoutDraws.threshold(rate);
    int low = (int) seed;
    int high = (int) (seed >>> 32);
    IntVector lanesIota = IntVector.zero(is).addIndex(1);
    FloatVector kept = FloatVector.broadcast(sp, keep);
    FloatVector dropped = FloatVector.zero(sp);
    int i = from;
    for (int end = to - l; i <= end; i += l) {
      IntVector h =
          lanesIota.add(i).mul(DropoutDraws.WEYL).add(low).lanewise(VectorOperators.XOR, high);
      h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
      h = h.mul(DropoutDraws.MIX1);
      h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 13));
      h = h.mul(DropoutDraws.MIX2);
      h = h.lanewise(VectorOperators.XOR, h.lanewise(VectorOperators.LSHR, 16));
      VectorMask<Float> keepIt =
          h.lanewise(VectorOperators.LSHR, 8).compare(VectorOperators.GE, threshold).cast(sp);
      FloatVector m = dropped.blend(kept, keepIt);
      m.intoArray(mask, i);
      FloatVector.fromArray(sp, in, i).mul(m).intoArray(out, i);
    }
    DropoutDraws.apply(rate, seed, in, mask, out, i, to);
  }

  /** gradIn[i] = gradOut[i] * act'(from out[i]) for i in [from, to). */
  void activationGradient(
      Activation activation, float[] out, float[] gradOut, float[] gradIn, int from, int to) {
    int i = from;
    if (activation.kind() == Activation.Kind.RELU) {
      // Written out rather than through VectorActivation: keeping every vector inside this loop
      // lets the JIT keep them in registers instead of allocating them.
      VectorSpecies<Float> sp = lanes.species();
      FloatVector zero = FloatVector.zero(sp);
      FloatVector one = FloatVector.broadcast(sp, 1f);
      for (int end = to - sp.length(); i <= end; i += sp.length()) {
        FloatVector y = FloatVector.fromArray(sp, out, i);
        FloatVector d = zero.blend(one, y.compare(VectorOperators.GT, 0f));
        FloatVector.fromArray(sp, gradOut, i).mul(d).intoArray(gradIn, i);
      }
    }
    for (; i < to; i++) {
      gradIn[i] = gradOut[i] * activation.derivativeFromOutput(out[i]);
    }
  }

  /** Softmax of rows [from, to) of a (rows, cols) matrix. */
  void softmax(int cols, float[] in, float[] out, int from, int to) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    for (int r = from; r < to; r++) {
      int o = r * cols;
      int end = o + cols;
      int vectorEnd = o + cols / l * l;
      float max = Float.NEGATIVE_INFINITY;
      if (vectorEnd > o) {
        FloatVector m = FloatVector.broadcast(sp, Float.NEGATIVE_INFINITY);
        for (int i = o; i < vectorEnd; i += l) {
          m = m.max(FloatVector.fromArray(sp, in, i));
        }
        max = m.reduceLanes(VectorOperators.MAX);
      }
      for (int i = vectorEnd; i < end; i++) {
        max = Math.max(max, in[i]);
      }
      // Scalar exp and a sequential sum: deterministic, and identical to the reference.
      float sum = 0f;
      for (int i = o; i < end; i++) {
        float e = (float) Math.exp(in[i] - max);
        out[i] = e;
        sum += e;
      }
      float inv = 1f / sum;
      int i = o;
      for (; i < vectorEnd; i += l) {
        FloatVector.fromArray(sp, out, i).mul(inv).intoArray(out, i);
      }
      for (; i < end; i++) {
        out[i] *= inv;
      }
    }
  }

  /**
   * The sum of x[offset .. offset + n) in an order fixed by n: eight interleaved partial sums, then
   * those in turn. (Vector lane reductions may add in another order once compiled.)
   */
  static float sum(float[] x, int offset, int n) {
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    float s4 = 0f;
    float s5 = 0f;
    float s6 = 0f;
    float s7 = 0f;
    int i = offset;
    int end = offset + n;
    for (; i + 8 <= end; i += 8) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
      s4 += x[i + 4];
      s5 += x[i + 5];
      s6 += x[i + 6];
      s7 += x[i + 7];
    }
    float total = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    for (; i < end; i++) {
      total += x[i];
    }
    return total;
  }

  /** The sum of v's lanes, added one by one from lane 0 (a lane reduction may reorder them). */
  static float sumLanes(FloatVector v) {
    float sum = 0f;
    for (int i = 0; i < v.length(); i++) {
      sum += v.lane(i);
    }
    return sum;
  }

  /** acc[i] += x[offset + i] for i in [0, n). */
  void addTo(float[] acc, float[] x, int offset, int n) {
    VectorSpecies<Float> sp = lanes.species();
    int i = 0;
    for (int end = n - sp.length(); i <= end; i += sp.length()) {
      FloatVector.fromArray(sp, acc, i)
          .add(FloatVector.fromArray(sp, x, offset + i))
          .intoArray(acc, i);
    }
    for (; i < n; i++) {
      acc[i] += x[offset + i];
    }
  }

  /** acc[accOffset ..] += x[xOffset ..], n elements. */
  void addTo(float[] acc, int accOffset, float[] x, int xOffset, int n) {
    VectorSpecies<Float> sp = lanes.species();
    int i = 0;
    for (int end = n - sp.length(); i <= end; i += sp.length()) {
      FloatVector.fromArray(sp, acc, accOffset + i)
          .add(FloatVector.fromArray(sp, x, xOffset + i))
          .intoArray(acc, accOffset + i);
    }
    for (; i < n; i++) {
      acc[accOffset + i] += x[xOffset + i];
    }
  }
}
