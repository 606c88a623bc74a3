package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
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

  /** Kernels with the platform's preferred vector width on {@code threads} threads. */
  public VectorKernels(int threads) {
    this(FloatVector.SPECIES_PREFERRED, threads);
  }

  /** Kernels with vectors of {@code species} (128, 256 or 512 bits) on {@code threads} threads. */
  public VectorKernels(VectorSpecies<Float> species, int threads) {
    Lanes lanes = Lanes.of(species);
    this.species = species;
    this.team = Parallel.team(threads);
    this.gemm = new Gemm(lanes, team);
    this.elementwise = new VectorElementwise(lanes);
    this.convolution = new VectorConvolution(gemm, team, elementwise);
    this.matrixVector = new MatrixVector(lanes, team);
    this.batchNorm = new VectorBatchNorm(lanes, team);
    this.depthwise = new VectorDepthwise(lanes, team, elementwise);
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
        new GemmOperand().set(a, aOffset, lda, transA),
        new GemmOperand().set(b, bOffset, ldb, transB),
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
        GemmOperand.of(in, 0, inFeatures),
        GemmOperand.transposed(weights, 0, inFeatures),
        0f,
        out,
        0,
        outFeatures,
        Epilogue.columnBias(bias, activation));
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
    GemmOperand go = GemmOperand.of(gradOut, 0, outFeatures);
    gemm.multiply(
        outFeatures,
        inFeatures,
        batch,
        GemmOperand.transposed(gradOut, 0, outFeatures),
        GemmOperand.of(in, 0, inFeatures),
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
          go,
          GemmOperand.of(weights, 0, inFeatures),
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
    if (MaxPool2x2.applies(g)) {
      team.forRange(batch, (w, from, to) -> MaxPool2x2.forward(g, from, to, in, out, argmax));
    } else {
      team.forRange(
          batch, (w, from, to) -> ScalarKernels.maxPoolForward(g, from, to, in, out, argmax));
    }
  }

  @Override
  public void maxPool2dBackward(
      PoolGeometry g, int batch, float[] gradOut, int[] argmax, float[] gradIn) {
    team.forRange(
        batch,
        (w, from, to) -> ScalarKernels.maxPoolBackward(g, from, to, gradOut, argmax, gradIn));
  }

  @Override
  public void avgPool2dForward(PoolGeometry g, int batch, float[] in, float[] out) {
    team.forRange(batch, (w, from, to) -> ScalarKernels.avgPoolForward(g, from, to, in, out));
  }

  @Override
  public void avgPool2dBackward(PoolGeometry g, int batch, float[] gradOut, float[] gradIn) {
    team.forRange(
        batch, (w, from, to) -> ScalarKernels.avgPoolBackward(g, from, to, gradOut, gradIn));
  }

  @Override
  public void activationForward(Activation activation, int n, float[] in, float[] out) {
    forChunks(n, (from, to) -> elementwise.activate(activation, in, out, from, to));
  }

  @Override
  public void activationBackward(
      Activation activation, int n, float[] out, float[] gradOut, float[] gradIn) {
    forChunks(
        n,
        (from, to) -> elementwise.activationGradient(activation, out, gradOut, gradIn, from, to));
  }

  @Override
  public void batchNormStatistics(
      int batch, int channels, int spatial, float[] in, float[] mean, float[] variance) {
    batchNorm.statistics(batch, channels, spatial, in, mean, variance);
  }

  @Override
  public void batchNormForward(
      int batch, int channels, int spatial, float[] in, float[] scale, float[] shift, float[] out) {
    batchNorm.forward(batch, channels, spatial, in, scale, shift, out);
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
        batchStatistics,
        gradIn,
        gradGamma,
        gradBeta);
  }

  @Override
  public void softmax(int rows, int cols, float[] in, float[] out) {
    if ((long) rows * cols < PARALLEL_MIN_ELEMENTS) {
      elementwise.softmax(cols, in, out, 0, rows);
    } else {
      team.forRange(rows, (w, from, to) -> elementwise.softmax(cols, in, out, from, to));
    }
  }

  private interface Chunk {
    void run(int from, int to);
  }

  /** Runs chunk over [0, n), split over the team when n is large enough to pay for it. */
  private void forChunks(int n, Chunk chunk) {
    if (n < PARALLEL_MIN_ELEMENTS) {
      chunk.run(0, n);
      return;
    }
    // Split on whole vectors so every worker's loop runs full vectors but for the last.
    int l = species.length();
    int vectors = (n + l - 1) / l;
    team.forRange(vectors, (w, from, to) -> chunk.run(from * l, Math.min(to * l, n)));
  }
}
