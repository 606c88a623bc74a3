package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense forward for a batch of one or two: each output is a dot product of a weight row with the
 * input, read straight from the weights as stored. The packed GEMM would first repack the whole
 * (transposed) weight matrix, which for a single input costs more than the product itself.
 */
final class MatrixVector implements Parallel.RangeTask {
  /** Batches up to this size take this path. */
  static final int MAX_BATCH = 2;

  private final Lanes lanes;
  private final Parallel team;
  private final float[][] laneSums;
  // The current call's arguments: the instance is its own task, so no lambda is allocated.
  private int batch;
  private int inFeatures;
  private int outFeatures;
  private float[] in;
  private float[] weights;
  private float[] bias;
  private Activation activation;
  private float[] out;

  MatrixVector(Lanes lanes, Parallel team) {
    this.lanes = lanes;
    this.team = team;
    this.laneSums = new float[team.threads()][lanes.species().length()];
  }

  void denseForward(
      int batch,
      int inFeatures,
      int outFeatures,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    this.batch = batch;
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.in = in;
    this.weights = weights;
    this.bias = bias;
    this.activation = activation;
    this.out = out;
    try {
      team.forRange(outFeatures, this);
    } finally {
      this.in = null;
      this.weights = null;
      this.bias = null;
      this.out = null;
    }
  }

  /** Outputs [from, to) of every input in the batch. */
  @Override
  public void run(int worker, int from, int to) {
    for (int b = 0; b < batch; b++) {
      for (int o = from; o < to; o++) {
        float sum = dot(weights, o * inFeatures, in, b * inFeatures, inFeatures, worker);
        if (bias != null) {
          sum += bias[o];
        }
        out[b * outFeatures + o] = activation.apply(sum);
      }
    }
  }

  /** x[xo..xo+n) . y[yo..yo+n), lanes added in a fixed order (deterministic when compiled). */
  private float dot(float[] x, int xo, float[] y, int yo, int n, int worker) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    FloatVector a0 = FloatVector.zero(sp);
    FloatVector a1 = FloatVector.zero(sp);
    int i = 0;
    for (; i + 2 * l <= n; i += 2 * l) {
      a0 = FloatVector.fromArray(sp, x, xo + i).fma(FloatVector.fromArray(sp, y, yo + i), a0);
      a1 =
          FloatVector.fromArray(sp, x, xo + i + l)
              .fma(FloatVector.fromArray(sp, y, yo + i + l), a1);
    }
    float[] lanes = laneSums[worker];
    a0.add(a1).intoArray(lanes, 0);
    float sum = 0f;
    for (float v : lanes) {
      sum += v;
    }
    for (; i < n; i++) {
      sum += x[xo + i] * y[yo + i];
    }
    return sum;
  }
}
