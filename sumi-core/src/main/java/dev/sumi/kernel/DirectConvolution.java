package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct forward convolution, output pixels on the vector lanes, for stride-1 layers with few input
 * channels, such as a network's first layer on one grey channel. There the column matrix makes a
 * product so shallow (depth = channels x taps, 25 for a 5x5 kernel) that packing and storing cost
 * more than the multiplications, and the wide-column layout adds a copy of the output.
 *
 * <p>A vector of one output row is the sum over taps of a weight (broadcast) times the padded input
 * read at the tap's offset; two filters on four output rows share each tap's loads and weights. A
 * row's last vector ends at the row's end, overlapping the one before when the width is not a
 * multiple of the lanes; both compute the same values. The bias starts the sums; the activation
 * runs over a block's rows right after, while they are in cache. Work is split by blocks of rows,
 * so one image still uses the whole team.
 *
 * <p>The backward pass stays on the column-matrix kernels: measured against them, direct weight
 * gradients were slower.
 */
final class DirectConvolution {
  /** Most channels x taps served: beyond it the column product is deep enough to pay. */
  static final int MAX_PATCH = 27;

  /** Output rows per forward unit of work. */
  private static final int ROWS = 4;

  /** Filters per register block. */
  private static final int FILTERS = 2;

  private static final int PADDED = 0;

  private final Lanes lanes;
  private final Parallel team;
  private final Scratch[] scratch;
  private final ForwardJob forwardJob = new ForwardJob();
  private final GeometryCache<int[]> offsets = new GeometryCache<>(64, PaddedImage::rowOffsets);

  DirectConvolution(Lanes lanes, Parallel team) {
    this.lanes = lanes;
    this.team = team;
    this.scratch = new Scratch[team.threads()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = new Scratch(1);
    }
  }

  /** Stride 1, at least one vector of output per row and a shallow patch. */
  boolean serves(ConvGeometry g) {
    return g.strideHeight() == 1
        && g.strideWidth() == 1
        && g.outWidth() >= lanes.species().length()
        && g.patchSize() <= MAX_PATCH;
  }

  void forward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    int units = batch * Math.ceilDiv(g.outHeight(), ROWS);
    forwardJob.set(g, offsets.get(g), in, weights, bias, activation, out);
    try {
      team.forRange(units, forwardJob);
    } finally {
      forwardJob.set(null, null, null, null, null, null, null);
    }
  }

  /**
   * Image b's padded planes: the image itself when it needs no padding, else a copy in {@code s}.
   * Returns the array; its image starts at {@link #imageStart}.
   */
  private static float[] padded(ConvGeometry g, float[] in, int b, Scratch s) {
    if (!PaddedImage.needed(g)) {
      return in;
    }
    float[] copy = s.get(PADDED, PaddedImage.size(g));
    PaddedImage.copy(g, in, b * g.inSize(), copy, 0);
    return copy;
  }

  private static int imageStart(ConvGeometry g, int b) {
    return PaddedImage.needed(g) ? 0 : b * g.inSize();
  }

  /** Start of the vector number {@code k} of an output row: the last one ends at the row's end. */
  private static int chunkStart(int k, int lanes, int outWidth) {
    return Math.min(k * lanes, outWidth - lanes);
  }

  /** Forward of units [from, to), a unit being {@link #ROWS} output rows of one image. */
  private final class ForwardJob implements Parallel.RangeTask {
    private ConvGeometry g;
    private int[] taps;
    private float[] in;
    private float[] weights;
    private float[] bias;
    private Activation activation;
    private float[] out;

    void set(
        ConvGeometry g,
        int[] taps,
        float[] in,
        float[] weights,
        float[] bias,
        Activation activation,
        float[] out) {
      this.g = g;
      this.taps = taps;
      this.in = in;
      this.weights = weights;
      this.bias = bias;
      this.activation = activation;
      this.out = out;
    }

    @Override
    public void run(int worker, int from, int to) {
      int blocks = Math.ceilDiv(g.outHeight(), ROWS);
      int copied = -1;
      float[] src = in;
      for (int unit = from; unit < to; unit++) {
        int b = unit / blocks;
        if (b != copied) {
          src = padded(g, in, b, scratch[worker]);
          copied = b;
        }
        rows(src, imageStart(g, b), b, (unit % blocks) * ROWS);
      }
    }

    /**
     * Applies the activation to rows [y0, y3] of every filter of image b, just written and still in
     * cache (in a pass of its own, so that the register block stays small for the JIT).
     */
    private void activate(int b, int y0, int y3) {
      VectorSpecies<Float> sp = lanes.species();
      int l = sp.length();
      int oh = g.outHeight();
      int ow = g.outWidth();
      Activation.Kind kind = activation.kind();
      boolean relu = kind == Activation.Kind.RELU;
      boolean leaky = kind == Activation.Kind.LEAKY_RELU;
      for (int f = 0; f < g.outChannels(); f++) {
        for (int y = y0; y <= y3; y++) {
          int row = b * g.outSize() + (f * oh + y) * ow;
          int x = 0;
          if (relu || leaky) {
            for (; x <= ow - l; x += l) {
              FloatVector v = FloatVector.fromArray(sp, out, row + x);
              v =
                  relu
                      ? v.blend(0f, v.compare(VectorOperators.GT, 0f).not())
                      : v.blend(v.mul(activation.alpha()), v.compare(VectorOperators.GT, 0f).not());
              v.intoArray(out, row + x);
            }
            // A ReLU twice is a ReLU once, so a ragged end takes one vector overlapping the last;
            // the leaky ReLU's would scale twice and stays scalar.
            if (relu && x < ow) {
              FloatVector v = FloatVector.fromArray(sp, out, row + ow - l);
              v.blend(0f, v.compare(VectorOperators.GT, 0f).not()).intoArray(out, row + ow - l);
              x = ow;
            }
          }
          for (; x < ow; x++) {
            out[row + x] = activation.apply(out[row + x]);
          }
        }
      }
    }

    /** Output rows y0 .. y0 + 3 of image b (the last ones repeated when the image ends first). */
    private void rows(float[] src, int image, int b, int y0) {
      VectorSpecies<Float> sp = lanes.species();
      int l = sp.length();
      int patch = g.patchSize();
      int width = PaddedImage.width(g);
      int oh = g.outHeight();
      int ow = g.outWidth();
      int filters = g.outChannels();
      int y1 = Math.min(y0 + 1, oh - 1);
      int y2 = Math.min(y0 + 2, oh - 1);
      int y3 = Math.min(y0 + 3, oh - 1);
      int d1 = (y1 - y0) * width;
      int d2 = (y2 - y0) * width;
      int d3 = (y3 - y0) * width;
      int chunks = Math.ceilDiv(ow, l);
      for (int f0 = 0; f0 < filters; f0 += FILTERS) {
        int f1 = Math.min(f0 + 1, filters - 1);
        float b0 = bias == null ? 0f : bias[f0];
        float b1 = bias == null ? 0f : bias[f1];
        for (int k = 0; k < chunks; k++) {
          int x0 = chunkStart(k, l, ow);
          int base = image + y0 * width + x0;
          FloatVector a00 = FloatVector.broadcast(sp, b0);
          FloatVector a01 = a00;
          FloatVector a02 = a00;
          FloatVector a03 = a00;
          FloatVector a10 = FloatVector.broadcast(sp, b1);
          FloatVector a11 = a10;
          FloatVector a12 = a10;
          FloatVector a13 = a10;
          for (int t = 0; t < patch; t++) {
            int at = base + taps[t];
            FloatVector w0 = FloatVector.broadcast(sp, weights[f0 * patch + t]);
            FloatVector w1 = FloatVector.broadcast(sp, weights[f1 * patch + t]);
            FloatVector r0 = FloatVector.fromArray(sp, src, at);
            FloatVector r1 = FloatVector.fromArray(sp, src, at + d1);
            FloatVector r2 = FloatVector.fromArray(sp, src, at + d2);
            FloatVector r3 = FloatVector.fromArray(sp, src, at + d3);
            a00 = r0.fma(w0, a00);
            a01 = r1.fma(w0, a01);
            a02 = r2.fma(w0, a02);
            a03 = r3.fma(w0, a03);
            a10 = r0.fma(w1, a10);
            a11 = r1.fma(w1, a11);
            a12 = r2.fma(w1, a12);
            a13 = r3.fma(w1, a13);
          }
          int o1 = b * g.outSize() + f1 * oh * ow + x0;
          a13.intoArray(out, o1 + y3 * ow);
          a12.intoArray(out, o1 + y2 * ow);
          a11.intoArray(out, o1 + y1 * ow);
          a10.intoArray(out, o1 + y0 * ow);
          int o0 = b * g.outSize() + f0 * oh * ow + x0;
          a03.intoArray(out, o0 + y3 * ow);
          a02.intoArray(out, o0 + y2 * ow);
          a01.intoArray(out, o0 + y1 * ow);
          a00.intoArray(out, o0 + y0 * ow);
        }
      }
      if (activation.kind() != Activation.Kind.NONE) {
        activate(b, y0, y3);
      }
    }
  }
}
