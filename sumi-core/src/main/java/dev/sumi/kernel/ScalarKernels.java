package dev.sumi.kernel;

/**
 * The reference implementation of {@link Kernels}: direct loops on one thread, written to be
 * obviously correct rather than fast. Faster kernels are tested against it.
 */
public final class ScalarKernels implements Kernels {
  static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int threads() {
    return 1;
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float[] a,
      int aOffset,
      int lda,
      float[] b,
      int bOffset,
      int ldb,
      float beta,
      float[] c,
      int cOffset,
      int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
          float bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
          sum += av * bv;
        }
        int ci = cOffset + i * ldc + j;
        c[ci] = beta == 0f ? sum : beta * c[ci] + sum;
      }
    }
  }

  @Override
  public void conv2dForward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    int inSize = g.inSize();
    int outSize = g.outSize();
    for (int b = 0; b < batch; b++) {
      for (int f = 0; f < g.outChannels(); f++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++) {
            float sum = bias == null ? 0f : bias[f];
            for (int c = 0; c < g.inChannels(); c++) {
              for (int ky = 0; ky < g.kernelHeight(); ky++) {
                int iy = oy * g.strideHeight() - g.padTop() + ky;
                if (iy < 0 || iy >= g.inHeight()) {
                  continue;
                }
                for (int kx = 0; kx < g.kernelWidth(); kx++) {
                  int ix = ox * g.strideWidth() - g.padLeft() + kx;
                  if (ix < 0 || ix >= g.inWidth()) {
                    continue;
                  }
                  sum +=
                      weights[
                              ((f * g.inChannels() + c) * g.kernelHeight() + ky) * g.kernelWidth()
                                  + kx]
                          * in[b * inSize + (c * g.inHeight() + iy) * g.inWidth() + ix];
                }
              }
            }
            out[b * outSize + (f * g.outHeight() + oy) * g.outWidth() + ox] = activation.apply(sum);
          }
        }
      }
    }
  }

  @Override
  public void conv2dBackward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias) {
    int inSize = g.inSize();
    int outSize = g.outSize();
    if (gradIn != null) {
      java.util.Arrays.fill(gradIn, 0, batch * inSize, 0f);
    }
    java.util.Arrays.fill(gradWeights, 0, g.weightCount(), 0f);
    if (gradBias != null) {
      java.util.Arrays.fill(gradBias, 0, g.outChannels(), 0f);
    }
    for (int b = 0; b < batch; b++) {
      for (int f = 0; f < g.outChannels(); f++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++) {
            float go = gradOut[b * outSize + (f * g.outHeight() + oy) * g.outWidth() + ox];
            if (gradBias != null) {
              gradBias[f] += go;
            }
            for (int c = 0; c < g.inChannels(); c++) {
              for (int ky = 0; ky < g.kernelHeight(); ky++) {
                int iy = oy * g.strideHeight() - g.padTop() + ky;
                if (iy < 0 || iy >= g.inHeight()) {
                  continue;
                }
                for (int kx = 0; kx < g.kernelWidth(); kx++) {
                  int ix = ox * g.strideWidth() - g.padLeft() + kx;
                  if (ix < 0 || ix >= g.inWidth()) {
                    continue;
                  }
                  int wi =
                      ((f * g.inChannels() + c) * g.kernelHeight() + ky) * g.kernelWidth() + kx;
                  int ii = b * inSize + (c * g.inHeight() + iy) * g.inWidth() + ix;
                  gradWeights[wi] += go * in[ii];
                  if (gradIn != null) {
                    gradIn[ii] += go * weights[wi];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void depthwiseConv2dForward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    depthwiseForward(g, 0, batch * g.outChannels(), in, weights, bias, activation, out);
  }

  /** Depthwise forward of output planes [from, to), plane p being image p / C', channel p % C'. */
  static void depthwiseForward(
      ConvGeometry g,
      int from,
      int to,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    int multiplier = g.outChannels() / g.inChannels();
    int kernel = g.kernelHeight() * g.kernelWidth();
    for (int p = from; p < to; p++) {
      int b = p / g.outChannels();
      int o = p % g.outChannels();
      int inPlane = (b * g.inChannels() + o / multiplier) * g.inHeight() * g.inWidth();
      for (int oy = 0; oy < g.outHeight(); oy++) {
        for (int ox = 0; ox < g.outWidth(); ox++) {
          float sum = bias == null ? 0f : bias[o];
          for (int ky = 0; ky < g.kernelHeight(); ky++) {
            int iy = oy * g.strideHeight() - g.padTop() + ky;
            if (iy < 0 || iy >= g.inHeight()) {
              continue;
            }
            for (int kx = 0; kx < g.kernelWidth(); kx++) {
              int ix = ox * g.strideWidth() - g.padLeft() + kx;
              if (ix >= 0 && ix < g.inWidth()) {
                sum +=
                    weights[o * kernel + ky * g.kernelWidth() + kx]
                        * in[inPlane + iy * g.inWidth() + ix];
              }
            }
          }
          out[(p * g.outHeight() + oy) * g.outWidth() + ox] = activation.apply(sum);
        }
      }
    }
  }

  @Override
  public void depthwiseConv2dBackward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias) {
    depthwiseBackward(
        g, batch, 0, g.inChannels(), in, weights, gradOut, gradIn, gradWeights, gradBias);
  }

  /**
   * Depthwise backward of input channels [from, to): their input gradients and the weight and bias
   * gradients of their output channels.
   */
  static void depthwiseBackward(
      ConvGeometry g,
      int batch,
      int from,
      int to,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias) {
    int multiplier = g.outChannels() / g.inChannels();
    int kernel = g.kernelHeight() * g.kernelWidth();
    int inPixels = g.inHeight() * g.inWidth();
    int outPixels = g.outPixels();
    for (int c = from; c < to; c++) {
      java.util.Arrays.fill(
          gradWeights, c * multiplier * kernel, (c + 1) * multiplier * kernel, 0f);
      if (gradBias != null) {
        java.util.Arrays.fill(gradBias, c * multiplier, (c + 1) * multiplier, 0f);
      }
      if (gradIn != null) {
        for (int b = 0; b < batch; b++) {
          int plane = (b * g.inChannels() + c) * inPixels;
          java.util.Arrays.fill(gradIn, plane, plane + inPixels, 0f);
        }
      }
      for (int b = 0; b < batch; b++) {
        int inPlane = (b * g.inChannels() + c) * inPixels;
        for (int o = c * multiplier; o < (c + 1) * multiplier; o++) {
          int outPlane = (b * g.outChannels() + o) * outPixels;
          for (int oy = 0; oy < g.outHeight(); oy++) {
            for (int ox = 0; ox < g.outWidth(); ox++) {
              float go = gradOut[outPlane + oy * g.outWidth() + ox];
              if (gradBias != null) {
                gradBias[o] += go;
              }
              for (int ky = 0; ky < g.kernelHeight(); ky++) {
                int iy = oy * g.strideHeight() - g.padTop() + ky;
                if (iy < 0 || iy >= g.inHeight()) {
                  continue;
                }
                for (int kx = 0; kx < g.kernelWidth(); kx++) {
                  int ix = ox * g.strideWidth() - g.padLeft() + kx;
                  if (ix < 0 || ix >= g.inWidth()) {
                    continue;
                  }
                  int wi = o * kernel + ky * g.kernelWidth() + kx;
                  int ii = inPlane + iy * g.inWidth() + ix;
                  gradWeights[wi] += go * in[ii];
                  if (gradIn != null) {
                    gradIn[ii] += go * weights[wi];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void denseForward(
      int batch,
      int inFeatures,
      int outFeatures,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out) {
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < outFeatures; o++) {
        float sum = bias == null ? 0f : bias[o];
        for (int i = 0; i < inFeatures; i++) {
          sum += in[b * inFeatures + i] * weights[o * inFeatures + i];
        }
        out[b * outFeatures + o] = activation.apply(sum);
      }
    }
  }

  @Override
  public void denseBackward(
      int batch,
      int inFeatures,
      int outFeatures,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias) {
    java.util.Arrays.fill(gradWeights, 0, outFeatures * inFeatures, 0f);
    if (gradBias != null) {
      java.util.Arrays.fill(gradBias, 0, outFeatures, 0f);
    }
    if (gradIn != null) {
      java.util.Arrays.fill(gradIn, 0, batch * inFeatures, 0f);
    }
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < outFeatures; o++) {
        float go = gradOut[b * outFeatures + o];
        if (gradBias != null) {
          gradBias[o] += go;
        }
        for (int i = 0; i < inFeatures; i++) {
          gradWeights[o * inFeatures + i] += go * in[b * inFeatures + i];
          if (gradIn != null) {
            gradIn[b * inFeatures + i] += go * weights[o * inFeatures + i];
          }
        }
      }
    }
  }

  @Override
  public void maxPool2dForward(PoolGeometry g, int batch, float[] in, float[] out, int[] argmax) {
    maxPoolForward(g, 0, batch, in, out, argmax);
  }

  /** Max pooling forward of images [from, to); also used by the parallel kernels. */
  static void maxPoolForward(
      PoolGeometry g, int from, int to, float[] in, float[] out, int[] argmax) {
    int inSize = g.inSize();
    int outSize = g.outSize();
    for (int b = from; b < to; b++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++) {
            int best = -1;
            float max = Float.NEGATIVE_INFINITY;
            for (int ky = 0; ky < g.size(); ky++) {
              for (int kx = 0; kx < g.size(); kx++) {
                int idx =
                    (c * g.inHeight() + oy * g.stride() + ky) * g.inWidth() + ox * g.stride() + kx;
                float v = in[b * inSize + idx];
                if (best < 0 || v > max) {
                  max = v;
                  best = idx;
                }
              }
            }
            int o = b * outSize + (c * g.outHeight() + oy) * g.outWidth() + ox;
            out[o] = max;
            argmax[o] = best;
          }
        }
      }
    }
  }

  @Override
  public void maxPool2dBackward(
      PoolGeometry g, int batch, float[] gradOut, int[] argmax, float[] gradIn) {
    maxPoolBackward(g, 0, batch, gradOut, argmax, gradIn);
  }

  /** Max pooling backward of images [from, to). */
  static void maxPoolBackward(
      PoolGeometry g, int from, int to, float[] gradOut, int[] argmax, float[] gradIn) {
    int inSize = g.inSize();
    int outSize = g.outSize();
    for (int b = from; b < to; b++) {
      // Image by image, so that the scatter finds the zeroed image still in cache.
      java.util.Arrays.fill(gradIn, b * inSize, (b + 1) * inSize, 0f);
      for (int o = 0; o < outSize; o++) {
        gradIn[b * inSize + argmax[b * outSize + o]] += gradOut[b * outSize + o];
      }
    }
  }

  @Override
  public void avgPool2dForward(PoolGeometry g, int batch, float[] in, float[] out) {
    avgPoolForward(g, 0, batch, in, out);
  }

  /** Average pooling forward of images [from, to). */
  static void avgPoolForward(PoolGeometry g, int from, int to, float[] in, float[] out) {
    int inSize = g.inSize();
    int outSize = g.outSize();
    float scale = 1f / (g.size() * g.size());
    for (int b = from; b < to; b++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++) {
            float sum = 0f;
            for (int ky = 0; ky < g.size(); ky++) {
              for (int kx = 0; kx < g.size(); kx++) {
                sum +=
                    in[
                        b * inSize
                            + (c * g.inHeight() + oy * g.stride() + ky) * g.inWidth()
                            + ox * g.stride()
                            + kx];
              }
            }
            out[b * outSize + (c * g.outHeight() + oy) * g.outWidth() + ox] = sum * scale;
          }
        }
      }
    }
  }

  @Override
  public void avgPool2dBackward(PoolGeometry g, int batch, float[] gradOut, float[] gradIn) {
    avgPoolBackward(g, 0, batch, gradOut, gradIn);
  }

  /** Average pooling backward of images [from, to). */
  static void avgPoolBackward(PoolGeometry g, int from, int to, float[] gradOut, float[] gradIn) {
    int inSize = g.inSize();
    int outSize = g.outSize();
    float scale = 1f / (g.size() * g.size());
    java.util.Arrays.fill(gradIn, from * inSize, to * inSize, 0f);
    for (int b = from; b < to; b++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++) {
            float go = gradOut[b * outSize + (c * g.outHeight() + oy) * g.outWidth() + ox] * scale;
            for (int ky = 0; ky < g.size(); ky++) {
              for (int kx = 0; kx < g.size(); kx++) {
                gradIn[
                        b * inSize
                            + (c * g.inHeight() + oy * g.stride() + ky) * g.inWidth()
                            + ox * g.stride()
                            + kx] +=
                    go;
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void activationForward(Activation activation, int n, float[] in, float[] out) {
    for (int i = 0; i < n; i++) {
      out[i] = activation.apply(in[i]);
    }
  }

  @Override
  public void activationBackward(
      Activation activation, int n, float[] out, float[] gradOut, float[] gradIn) {
    for (int i = 0; i < n; i++) {
      gradIn[i] = gradOut[i] * activation.derivativeFromOutput(out[i]);
    }
  }

  @Override
  public void dropout(int n, float rate, long seed, float[] in, float[] mask, float[] out) {
    DropoutDraws.apply(rate, seed, in, mask, out, 0, n);
  }

  @Override
  public void batchNormStatistics(
      int batch, int channels, int spatial, float[] in, float[] mean, float[] variance) {
    double count = (double) batch * spatial;
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < spatial; s++) {
          sum += in[(b * channels + c) * spatial + s];
        }
      }
      double m = sum / count;
      double squares = 0;
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < spatial; s++) {
          double d = in[(b * channels + c) * spatial + s] - m;
          squares += d * d;
        }
      }
      mean[c] = (float) m;
      variance[c] = (float) (squares / count);
    }
  }

  @Override
  public void batchNormForward(
      int batch,
      int channels,
      int spatial,
      float[] in,
      float[] scale,
      float[] shift,
      boolean relu,
      float[] out) {
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        for (int s = 0; s < spatial; s++) {
          int i = (b * channels + c) * spatial + s;
          float y = in[i] * scale[c] + shift[c];
          out[i] = relu && !(y > 0f) ? 0f : y;
        }
      }
    }
  }

  @Override
  public void batchNormBackward(
      int batch,
      int channels,
      int spatial,
      float[] in,
      float[] mean,
      float[] invStd,
      float[] gamma,
      float[] gradOut,
      float[] reluScale,
      float[] reluShift,
      boolean batchStatistics,
      float[] gradIn,
      float[] gradGamma,
      float[] gradBeta) {
    double count = (double) batch * spatial;
    for (int c = 0; c < channels; c++) {
      double sumDy = 0;
      double sumDyXhat = 0;
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < spatial; s++) {
          int i = (b * channels + c) * spatial + s;
          float dy = reluGradient(gradOut[i], in[i], c, reluScale, reluShift);
          sumDy += dy;
          sumDyXhat += (double) dy * ((in[i] - mean[c]) * invStd[c]);
        }
      }
      gradBeta[c] = (float) sumDy;
      gradGamma[c] = (float) sumDyXhat;
      if (gradIn == null) {
        continue;
      }
      double k = (double) gamma[c] * invStd[c];
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < spatial; s++) {
          int i = (b * channels + c) * spatial + s;
          double xhat = (in[i] - mean[c]) * invStd[c];
          float dy = reluGradient(gradOut[i], in[i], c, reluScale, reluShift);
          gradIn[i] =
              (float) (batchStatistics ? k * (dy - (sumDy + xhat * sumDyXhat) / count) : k * dy);
        }
      }
    }
  }

  /** dy times a fused ReLU's derivative at its output, recomputed as in the forward pass. */
  private static float reluGradient(float dy, float x, int c, float[] scale, float[] shift) {
    return scale == null ? dy : dy * Activation.RELU.derivativeFromOutput(x * scale[c] + shift[c]);
  }

  @Override
  public void softmax(int rows, int cols, float[] in, float[] out) {
    for (int r = 0; r < rows; r++) {
      int o = r * cols;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, in[o + j]);
      }
      float sum = 0f;
      for (int j = 0; j < cols; j++) {
        float e = (float) Math.exp(in[o + j] - max);
        out[o + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      for (int j = 0; j < cols; j++) {
        out[o + j] *= inv;
      }
    }
  }

  @Override
  public void adamUpdate(
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
    adamUpdate(0, n, w, g, m, v, beta1, beta2, l2, shrink, stepSize, sqrtCorrection2, epsilon);
  }

  /** {@link #adamUpdate} on [from, to). */
  static void adamUpdate(
      int from,
      int to,
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
    for (int i = from; i < to; i++) {
      float d = g[i] + l2 * w[i];
      m[i] = Kernels.flushTinyMoment(beta1 * m[i] + (1 - beta1) * d);
      v[i] = Kernels.flushTinyMoment(beta2 * v[i] + (1 - beta2) * d * d);
      float denom = (float) Math.sqrt(v[i]) / sqrtCorrection2 + epsilon;
      w[i] = w[i] * shrink - stepSize * m[i] / denom;
    }
  }
}
