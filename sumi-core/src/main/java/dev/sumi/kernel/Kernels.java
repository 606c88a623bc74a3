package dev.sumi.kernel;

/**
 * The seam between layers and arithmetic. Layers call only these operations; {@link ScalarKernels}
 * is the plain reference, and faster implementations are held to it by tests.
 *
 * <p>All arrays are float32 in row-major order; image batches are NCHW. Every operation covers a
 * whole batch of {@code batch} images; kernels may split the work over threads, but for a given
 * thread count the results are deterministic. Operations that produce gradients of parameters
 * <em>overwrite</em> them with the gradient of the batch (they do not accumulate).
 */
public interface Kernels {

  /** Short name for logs, e.g. {@code scalar} or {@code vector-512 x2 threads}. */
  String name();

  /** Number of threads the kernels may use. */
  int threads();

  /**
   * General matrix multiply: {@code C = op(A) * op(B) + beta * C}, where op(A) is m x k, op(B) is k
   * x n and C is m x n. {@code op(X)} is X or its transpose; lda, ldb and ldc are the row strides
   * of the arrays as stored. beta is 0 (overwrite; C's old content is ignored, even NaN) or 1
   * (accumulate).
   */
  void gemm(
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
      int ldc);

  /**
   * Convolution forward for a batch: {@code out = act(conv(in, weights) + bias)}. in is (batch,
   * g.inSize()), weights (outChannels, inChannels, kh, kw), bias (outChannels) or null, out (batch,
   * g.outSize()).
   */
  void conv2dForward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out);

  /**
   * Convolution backward for a batch, given the gradient with respect to the convolution's output
   * <em>before</em> activation. Writes gradIn (may be null when the input needs no gradient),
   * gradWeights and gradBias (may be null when there is no bias).
   */
  void conv2dBackward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias);

  /**
   * Depthwise convolution forward for a batch. Each input channel c has its own {@code m =
   * g.outChannels() / g.inChannels()} filters, which give output channels {@code c * m} to {@code c
   * * m + m - 1}. weights are (outChannels, kh, kw) (not {@link ConvGeometry#weightCount()}), bias
   * (outChannels) or null.
   */
  void depthwiseConv2dForward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out);

  /**
   * Depthwise convolution backward, given the gradient with respect to the output before
   * activation. Writes gradIn (may be null), gradWeights and gradBias (may be null). Each channel's
   * sums run in an order that does not depend on the thread count.
   */
  void depthwiseConv2dBackward(
      ConvGeometry g,
      int batch,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias);

  /**
   * Dense forward: {@code out = act(in * weights^T + bias)}; in (batch, inFeatures), weights
   * (outFeatures, inFeatures), bias (outFeatures) or null, out (batch, outFeatures).
   */
  void denseForward(
      int batch,
      int inFeatures,
      int outFeatures,
      float[] in,
      float[] weights,
      float[] bias,
      Activation activation,
      float[] out);

  /**
   * Dense backward given the gradient with respect to the pre-activation output. Writes gradIn (may
   * be null), gradWeights and gradBias (may be null).
   */
  void denseBackward(
      int batch,
      int inFeatures,
      int outFeatures,
      float[] in,
      float[] weights,
      float[] gradOut,
      float[] gradIn,
      float[] gradWeights,
      float[] gradBias);

  /**
   * Max pooling forward. argmax receives, for every output cell, the index within the image
   * (0..g.inSize()-1) of the input cell that won, for backward.
   */
  void maxPool2dForward(PoolGeometry g, int batch, float[] in, float[] out, int[] argmax);

  /** Max pooling backward: gradIn is overwritten; each output's gradient goes to its argmax. */
  void maxPool2dBackward(PoolGeometry g, int batch, float[] gradOut, int[] argmax, float[] gradIn);

  /** Average pooling forward. */
  void avgPool2dForward(PoolGeometry g, int batch, float[] in, float[] out);

  /** Average pooling backward: gradIn is overwritten. */
  void avgPool2dBackward(PoolGeometry g, int batch, float[] gradOut, float[] gradIn);

  /** {@code out[i] = act(in[i])} for i in [0, n); in and out may be the same array. */
  void activationForward(Activation activation, int n, float[] in, float[] out);

  /**
   * {@code gradIn[i] = gradOut[i] * act'(x_i)}, the derivative taken from the forward output {@code
   * out}; gradOut and gradIn may be the same array.
   */
  void activationBackward(
      Activation activation, int n, float[] out, float[] gradOut, float[] gradIn);

  /**
   * Inverted dropout over [0, n): {@code mask[i]} is {@code 1 / (1 - rate)} where value i is kept
   * and 0 where it is dropped (with probability rate), and {@code out[i] = in[i] * mask[i]}. Which
   * values are dropped follows from {@code seed} alone, the same for every kernel and thread count.
   */
  void dropout(int n, float rate, long seed, float[] in, float[] mask, float[] out);

  /**
   * Per-channel mean and biased variance of a batch laid out (batch, channels, spatial): each
   * channel's statistics cover batch * spatial values (spatial is 1 for flat features, height *
   * width for images). Each channel is summed in an order that does not depend on the thread count.
   */
  void batchNormStatistics(
      int batch, int channels, int spatial, float[] in, float[] mean, float[] variance);

  /**
   * {@code out = in * scale[c] + shift[c]} for every value of channel c of a (batch, channels,
   * spatial) batch: batch normalisation with its statistics and affine parameters folded into one
   * scale and shift per channel; with {@code relu}, a ReLU of that in the same pass. in and out may
   * be the same array.
   */
  void batchNormForward(
      int batch,
      int channels,
      int spatial,
      float[] in,
      float[] scale,
      float[] shift,
      boolean relu,
      float[] out);

  /**
   * Batch normalisation backward for a (batch, channels, spatial) batch with {@code xhat = (in -
   * mean[c]) * invStd[c]} and output {@code gamma[c] * xhat + beta[c]}. Overwrites {@code
   * gradGamma[c] = sum(gradOut * xhat)}, {@code gradBeta[c] = sum(gradOut)} and, unless it is null,
   * gradIn. When {@code batchStatistics}, mean and invStd were computed from this very batch (m =
   * batch * spatial values per channel) and gradIn is {@code gamma invStd (gradOut - (gradBeta +
   * xhat gradGamma) / m)}; otherwise they were constants (running statistics) and gradIn is {@code
   * gamma invStd gradOut}. When {@code reluScale} and {@code reluShift} are given, the forward pass
   * was {@link #batchNormForward} with them and a ReLU: gradOut is the gradient of the ReLU's
   * output, and counts as zero wherever that output was zero.
   */
  void batchNormBackward(
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
      float[] gradBeta);

  /** Row-wise softmax of a (rows, cols) matrix, numerically stable. in and out may alias. */
  void softmax(int rows, int cols, float[] in, float[] out);

  /**
   * Optimizer moments (Adam's, SGD's momentum) below this magnitude are stored as 0. Where a
   * gradient stays 0 (weights behind a dead ReLU) a moment shrinks by its decay every step into
   * subnormal floats, which x86 cores handle by microcode at about a hundred times the cost: after
   * a thousand keras-simple steps half of Adam's first moments were subnormal and its update took
   * five times as long. A moment this small moves its weight by less than 1e-20 per step.
   */
  float TINY_MOMENT = 1e-30f;

  /** x, or 0 when it is smaller than {@link #TINY_MOMENT} in magnitude. */
  static float flushTinyMoment(float x) {
    return Math.abs(x) < TINY_MOMENT ? 0f : x;
  }

  /**
   * One Adam update of parameters [0, n), in place: with {@code d = g + l2 * w}, {@code m = beta1 *
   * m + (1 - beta1) * d}, {@code v = beta2 * v + (1 - beta2) * d * d} and {@code w = w * shrink -
   * stepSize * m / (sqrt(v) / sqrtCorrection2 + epsilon)}, each in float, in that order, so every
   * implementation gives the same bits; moments below {@link #TINY_MOMENT} are stored as 0.
   */
  void adamUpdate(
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
      float epsilon);

  /** The reference kernels: plain loops on one thread. */
  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** The fastest kernels available in this JVM, using up to {@code threads} threads. */
  static Kernels best(int threads) {
    return KernelSelector.best(threads);
  }

  /** {@link #best(int)} with one thread per available processor. */
  static Kernels best() {
    return best(Runtime.getRuntime().availableProcessors());
  }
}
