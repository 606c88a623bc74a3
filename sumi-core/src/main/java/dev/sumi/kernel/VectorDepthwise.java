package dev.sumi.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct depthwise convolution (im2col plus GEMM would multiply tiny matrices). With horizontal
 * stride 1 every kernel tap adds a weighted input row segment to an output row, which vectorises
 * along the row; other strides use the reference loops. Forward splits the output planes over the
 * team; backward gives each worker whole input channels, so each channel's weight and bias sums run
 * in one fixed order whatever the thread count.
 */
final class VectorDepthwise {
  private final Lanes lanes;
  private final Parallel team;
  private final VectorElementwise elementwise;

  // The current call: this object is the team's task, so no lambda is allocated per call.
  private boolean forward;
  private ConvGeometry g;
  private int batch;
  private float[] in;
  private float[] weights;
  private float[] bias;
  private Activation activation;
  private float[] out;
  private float[] gradOut;
  private float[] gradIn;
  private float[] gradWeights;
  private float[] gradBias;
  private final Parallel.RangeTask task = (worker, from, to) -> run(from, to);

  VectorDepthwise(Lanes lanes, Parallel team, VectorElementwise elementwise) {
    this.lanes = lanes;
    this.team = team;
    this.elementwise = elementwise;
  }

  void forward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    this.forward = true;
    this.g = g;
    this.batch = batch;
    this.in = in;
    this.weights = weights;
    this.bias = bias;
    this.activation = activation;
    this.out = out;
    runOnTeam(batch * g.outChannels());
  }

  void backward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias) {
    this.forward = false;
    this.g = g;
    this.batch = batch;
    this.in = in;
    this.weights = weights;
    this.gradOut = gradOut;
    this.gradIn = gradIn;
    this.gradWeights = gradWeights;
    this.gradBias = gradBias;
    runOnTeam(g.inChannels());
  }

  private void runOnTeam(int count) {
    try {
      team.forRange(count, task);
    } finally {
      in = null;
      weights = null;
      bias = null;
      out = null;
      gradOut = null;
      gradIn = null;
      gradWeights = null;
      gradBias = null;
    }
  }

  /** Forward output planes, or backward input channels, [from, to). */
  private void run(int from, int to) {
    if (forward && g.strideWidth() != 1) {
      ScalarKernels.depthwiseForward(g, from, to, in, weights, bias, activation, out);
    } else if (forward) {
      forwardPlanes(g, from, to, in, weights, bias, activation, out);
    } else if (g.strideWidth() != 1) {
      ScalarKernels.depthwiseBackward(
          g, batch, from, to, in, weights, gradOut, gradIn, gradWeights, gradBias);
    } else {
      for (int c = from; c < to; c++) {
        backwardChannel(g, batch, c, in, weights, gradOut, gradIn, gradWeights, gradBias);
      }
    }
  }

  private void forwardPlanes(
      ConvGeometry g,
      int from,
      int to,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    int multiplier = g.outChannels() / g.inChannels();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int inW = g.inWidth();
    int outW = g.outWidth();
    int outPixels = g.outPixels();
    for (int p = from; p < to; p++) {
      int b = p / g.outChannels();
      int o = p % g.outChannels();
      int inPlane = (b * g.inChannels() + o / multiplier) * g.inHeight() * inW;
      int outPlane = p * outPixels;
      float initial = bias == null ? 0f : bias[o];
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int row = outPlane + oy * outW;
        Arrays.fill(out, row, row + outW, initial);
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * g.strideHeight() - g.padTop() + ky;
          if (iy < 0 || iy >= g.inHeight()) {
            continue;
          }
          int inRow = inPlane + iy * inW - g.padLeft();
          for (int kx = 0; kx < kw; kx++) {
            int lo = Math.max(0, g.padLeft() - kx);
            int hi = Math.min(outW, inW + g.padLeft() - kx);
            axpy(weights[(o * kh + ky) * kw + kx], in, inRow + kx, out, row, lo, hi);
          }
        }
      }
      if (activation != Activation.NONE) {
        elementwise.activate(activation, out, out, outPlane, outPlane + outPixels);
      }
    }
  }

  private void backwardChannel(
      ConvGeometry g,
      int batch,
      int c,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias) {
    int multiplier = g.outChannels() / g.inChannels();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int inW = g.inWidth();
    int outW = g.outWidth();
    int inPixels = g.inHeight() * inW;
    int outPixels = g.outPixels();
    for (int o = c * multiplier; o < (c + 1) * multiplier; o++) {
      if (gradBias != null) {
        gradBias[o] = biasGradient(g, batch, o, gradOut);
      }
      for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          gradWeights[(o * kh + ky) * kw + kx] =
              weightGradient(g, batch, c, o, ky, kx, in, gradOut);
        }
      }
    }
    if (gradIn == null) {
      return;
    }
    for (int b = 0; b < batch; b++) {
      int inPlane = (b * g.inChannels() + c) * inPixels;
      Arrays.fill(gradIn, inPlane, inPlane + inPixels, 0f);
      for (int o = c * multiplier; o < (c + 1) * multiplier; o++) {
        int outPlane = (b * g.outChannels() + o) * outPixels;
        for (int oy = 0; oy < g.outHeight(); oy++) {
          int row = outPlane + oy * outW;
          for (int ky = 0; ky < kh; ky++) {
            int iy = oy * g.strideHeight() - g.padTop() + ky;
            if (iy < 0 || iy >= g.inHeight()) {
              continue;
            }
            int inRow = inPlane + iy * inW - g.padLeft();
            for (int kx = 0; kx < kw; kx++) {
              int lo = Math.max(0, g.padLeft() - kx);
              int hi = Math.min(outW, inW + g.padLeft() - kx);
              axpy(weights[(o * kh + ky) * kw + kx], gradOut, row, gradIn, inRow + kx, lo, hi);
            }
          }
        }
      }
    }
  }

  private float biasGradient(ConvGeometry g, int batch, int o, float[] gradOut) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int pixels = g.outPixels();
    FloatVector acc = FloatVector.zero(sp);
    float tail = 0f;
    for (int b = 0; b < batch; b++) {
      int plane = (b * g.outChannels() + o) * pixels;
      int i = 0;
      for (; i + l <= pixels; i += l) {
        acc = acc.add(FloatVector.fromArray(sp, gradOut, plane + i));
      }
      for (; i < pixels; i++) {
        tail += gradOut[plane + i];
      }
    }
    return VectorElementwise.sumLanes(acc) + tail;
  }

  /** The sum over the batch of gradOut (plane o) times the input (plane c) under tap (ky, kx). */
  private float weightGradient(
      ConvGeometry g, int batch, int c, int o, int ky, int kx, float[] in, float[] gradOut) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int inW = g.inWidth();
    int outW = g.outWidth();
    int lo = Math.max(0, g.padLeft() - kx);
    int hi = Math.min(outW, inW + g.padLeft() - kx);
    FloatVector acc = FloatVector.zero(sp);
    float tail = 0f;
    for (int b = 0; b < batch; b++) {
      int inPlane = (b * g.inChannels() + c) * g.inHeight() * inW;
      int outPlane = (b * g.outChannels() + o) * g.outPixels();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        int iy = oy * g.strideHeight() - g.padTop() + ky;
        if (iy < 0 || iy >= g.inHeight()) {
          continue;
        }
        int row = outPlane + oy * outW;
        int inRow = inPlane + iy * inW - g.padLeft() + kx;
        int i = lo;
        for (; i + l <= hi; i += l) {
          acc =
              FloatVector.fromArray(sp, gradOut, row + i)
                  .fma(FloatVector.fromArray(sp, in, inRow + i), acc);
        }
        for (; i < hi; i++) {
          tail = Math.fma(gradOut[row + i], in[inRow + i], tail);
        }
      }
    }
    return VectorElementwise.sumLanes(acc) + tail;
  }

  /** y[yOffset + i] += a * x[xOffset + i] for i in [from, to). */
  private void axpy(float a, float[] x, int xOffset, float[] y, int yOffset, int from, int to) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    FloatVector av = FloatVector.broadcast(sp, a);
    int i = from;
    for (; i + l <= to; i += l) {
      FloatVector.fromArray(sp, x, xOffset + i)
          .fma(av, FloatVector.fromArray(sp, y, yOffset + i))
          .intoArray(y, yOffset + i);
    }
    for (; i < to; i++) {
      y[yOffset + i] = Math.fma(x[xOffset + i], a, y[yOffset + i]);
    }
  }
}
