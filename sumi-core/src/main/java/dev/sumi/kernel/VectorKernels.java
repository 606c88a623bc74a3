package dev.sumi.kernel;

import jdk.incubator.vector.VectorSpecies;

/**
 * Fast {@link Kernels}: SIMD through the Vector API and a fixed team of worker threads. Matrix
 * products, convolutions and dense layers go through the packed {@link Gemm}; pooling splits the
 * batch over the team.
 *
 * <p>An instance keeps grow-only workspaces, so it must not be used by two threads at once; create
 * one per thread that runs kernels (instances with the same thread count share the worker team).
 */
public final class VectorKernels implements Kernels {
  /** Element-wise work below this size stays on the calling thread. */
  private static final int PARALLEL_MIN_ELEMENTS = 1 << 17;

  private final VectorSpecies<Float> species;
  private final Parallel team;
  private final Gemm gemm;
  private final VectorElementwise elementwise;
  private final VectorConvolution convolution;
  private final MatrixVector matrixVector;
  private final VectorBatchNorm batchNorm;
  private final VectorDepthwise depthwise;
  // Re-pointed per call so that the training loop allocates nothing.
  private final GemmOperand operandA = new GemmOperand();
  private final GemmOperand operandB = new GemmOperand();
  private final Epilogue denseEpilogue = new Epilogue();
  private final PoolJob pool;
  private final ActivationJob activations = new ActivationJob();
  private final DropoutJob dropouts = new DropoutJob();
  private final SoftmaxJob softmaxJob = new SoftmaxJob();
  private final VectorAdam adam;

  /**
   * Kernels with this JVM's vector width (the preferred one, or as set by the system property
   * {@code sumi.vector.bits}) on {@code threads} threads.
   */
  public VectorKernels(int threads) {
    this(Lanes.jvmSpecies(), threads);
  }

  /**
   * Kernels with vectors of {@code species} on {@code threads} threads; species must be this JVM's
   * (see {@link #VectorKernels(int)}).
   */
  public VectorKernels(VectorSpecies<Float> species, int threads) {
    Lanes lanes = Lanes.of(species);
    this.species = species;
    this.team = Parallel.team(threads);
    this.gemm = new Gemm(lanes, team);
    this.elementwise = new VectorElementwise(lanes);
    this.convolution =
        new VectorConvolution(
            gemm,
            new RowDots(lanes),
            new WinogradConvolution(lanes, team),
            new GroupedConvolution(lanes, gemm, team, elementwise),
            new DirectConvolution(lanes, team),
            team,
            elementwise);
    this.matrixVector = new MatrixVector(lanes, team);
    this.batchNorm = new VectorBatchNorm(lanes, team);
    this.depthwise = new VectorDepthwise(lanes, team, elementwise);
    this.pool = new PoolJob(team, new VectorMaxPool2x2(lanes));
    this.adam = new VectorAdam(lanes, team);
  }

  @Override
  public String name() {
    return "vector-" + species.vectorBitSize() + " x" + team.threads() + " threads";
  }

  @Override
  public int threads() {
    return team.threads();
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
    gemm.multiply(
        m,
        n,
        k,
        operandA.set(a, aOffset, lda, transA),
        operandB.set(b, bOffset, ldb, transB),
        beta,
        c,
        cOffset,
        ldc,
        Epilogue.NONE);
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
    convolution.forward(g, batch, in, weights, bias, activation, out);
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
    convolution.backward(g, batch, in, weights, gradOut, gradIn, gradWeights, gradBias);
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
    depthwise.forward(g, batch, in, weights, bias, activation, out);
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
    depthwise.backward(g, batch, in, weights, gradOut, gradIn, gradWeights, gradBias);
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
    if (batch <= MatrixVector.MAX_BATCH) {
      matrixVector.denseForward(batch, inFeatures, outFeatures, in, weights, bias, activation, out);
      return;
    }
    gemm.multiply(
        batch,
        outFeatures,
        inFeatures,
        operandA.set(in, 0, inFeatures, false),
        operandB.set(weights, 0, inFeatures, true),
        0f,
        out,
        0,
        outFeatures,
        denseEpilogue.columnBias(bias, activation));
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
    gemm.multiply(
        outFeatures,
        inFeatures,
        batch,
        operandA.set(gradOut, 0, outFeatures, true),
        operandB.set(in, 0, inFeatures, false),
        0f,
        gradWeights,
        0,
        inFeatures,
        Epilogue.NONE);
    if (gradIn != null) {
      gemm.multiply(
          batch,
          inFeatures,
          outFeatures,
          operandA.set(gradOut, 0, outFeatures, false),
          operandB.set(weights, 0, inFeatures, false),
          0f,
          gradIn,
          0,
          inFeatures,
          Epilogue.NONE);
    }
    if (gradBias != null) {
      java.util.Arrays.fill(gradBias, 0, outFeatures, 0f);
      for (int b = 0; b < batch; b++) {
        elementwise.addTo(gradBias, gradOut, b * outFeatures, outFeatures);
      }
    }
  }

  @Override
  public void maxPool2dForward(PoolGeometry g, int batch, float[] in, float[] out, int[] argmax) {
    pool.run(
        VectorMaxPool2x2.applies(g) ? PoolJob.Kind.MAX_2X2 : PoolJob.Kind.MAX,
        g,
        batch,
        in,
        out,
        argmax);
  }

  @Override
  public void maxPool2dBackward(
      PoolGeometry g, int batch, float[] gradOut, int[] argmax, float[] gradIn) {
    pool.run(PoolJob.Kind.MAX_BACKWARD, g, batch, gradOut, gradIn, argmax);
  }

  @Override
  public void avgPool2dForward(PoolGeometry g, int batch, float[] in, float[] out) {
    pool.run(PoolJob.Kind.AVERAGE, g, batch, in, out, null);
  }

  @Override
  public void avgPool2dBackward(PoolGeometry g, int batch, float[] gradOut, float[] gradIn) {
    pool.run(PoolJob.Kind.AVERAGE_BACKWARD, g, batch, gradOut, gradIn, null);
  }

  @Override
  public void activationForward(Activation activation, int n, float[] in, float[] out) {
    activations.run(activation, n, in, null, out);
  }

  @Override
  public void activationBackward(
      Activation activation, int n, float[] out, float[] gradOut, float[] gradIn) {
    activations.run(activation, n, out, gradOut, gradIn);
  }

  @Override
  public void dropout(int n, float rate, long seed, float[] in, float[] mask, float[] out) {
    dropouts.run(n, rate, seed, in, mask, out);
  }

  @Override
  public void batchNormStatistics(
      int batch, int channels, int spatial, float[] in, float[] mean, float[] variance) {
    batchNorm.statistics(batch, channels, spatial, in, mean, variance);
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
    batchNorm.forward(batch, channels, spatial, in, scale, shift, relu, out);
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
    batchNorm.backward(
        batch,
        channels,
        spatial,
        in,
        mean,
        invStd,
        gamma,
        gradOut,
        reluScale,
        reluShift,
        batchStatistics,
        gradIn,
        gradGamma,
        gradBeta);
  }

  @Override
  public void softmax(int rows, int cols, float[] in, float[] out) {
    if ((long) rows * cols < PARALLEL_MIN_ELEMENTS) {
      elementwise.softmax(cols, in, out, 0, rows);
      return;
    }
    softmaxJob.set(cols, in, out);
    try {
      team.forRange(rows, softmaxJob);
    } finally {
      softmaxJob.set(0, null, null);
    }
  }

  /** Softmax of rows [from, to). */
  private final class SoftmaxJob implements Parallel.RangeTask {
    private int cols;
    private float[] in;
    private float[] out;

    void set(int cols, float[] in, float[] out) {
      this.cols = cols;
      this.in = in;
      this.out = out;
    }

    @Override
    public void run(int worker, int from, int to) {
      elementwise.softmax(cols, in, out, from, to);
    }
  }

  /**
   * Element-wise work over [0, n), split on whole vectors over the team when n is large enough to
   * pay for it, so every worker's loop runs full vectors but for the last.
   */
  private abstract class ElementwiseJob implements Parallel.RangeTask {
    private int n;

    /** Runs {@link #apply} over [0, n), then {@link #release}s the call's arrays. */
    final void runOver(int n) {
      this.n = n;
      try {
        if (n < PARALLEL_MIN_ELEMENTS) {
          apply(0, n);
        } else {
          int l = species.length();
          team.forRange((n + l - 1) / l, this);
        }
      } finally {
        release();
      }
    }

    @Override
    public final void run(int worker, int from, int to) {
      int l = species.length();
      apply(from * l, Math.min(to * l, n));
    }

    abstract void apply(int from, int to);

    abstract void release();
  }

  /** Dropout of the current call's arrays. */
  private final class DropoutJob extends ElementwiseJob {
    private float rate;
    private long seed;
    private float[] in;
    private float[] mask;
    private float[] out;

    void run(int n, float rate, long seed, float[] in, float[] mask, float[] out) {
      this.rate = rate;
      this.seed = seed;
      this.in = in;
      this.mask = mask;
      this.out = out;
      runOver(n);
    }

    @Override
    void apply(int from, int to) {
      elementwise.dropout(rate, seed, in, mask, out, from, to);
    }

    @Override
    void release() {
      in = null;
      mask = null;
      out = null;
    }
  }

  /** An activation or its gradient of the current call's arrays. */
  private final class ActivationJob extends ElementwiseJob {
    private Activation activation;
    private float[] values;
    private float[] gradOut;
    private float[] out;

    /** out = act(values) when gradOut is null; else out = gradOut * act'(values as outputs). */
    void run(Activation activation, int n, float[] values, float[] gradOut, float[] out) {
      this.activation = activation;
      this.values = values;
      this.gradOut = gradOut;
      this.out = out;
      runOver(n);
    }

    @Override
    void apply(int from, int to) {
      if (gradOut == null) {
        elementwise.activate(activation, values, out, from, to);
      } else {
        elementwise.activationGradient(activation, values, gradOut, out, from, to);
      }
    }

    @Override
    void release() {
      values = null;
      gradOut = null;
      out = null;
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
    adam.update(n, w, g, m, v, beta1, beta2, l2, shrink, stepSize, sqrtCorrection2, epsilon);
  }
}
