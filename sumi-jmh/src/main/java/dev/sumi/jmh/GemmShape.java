package dev.sumi.jmh;

import dev.sumi.kernel.ConvGeometry;

/**
 * One matrix product {@code C (m x n) = op(A) (m x k) * op(B) (k x n)} as {@link
 * dev.sumi.kernel.Kernels#gemm} takes it.
 */
record GemmShape(int m, int n, int k, boolean transA, boolean transB) {

  static GemmShape square(int n) {
    return new GemmShape(n, n, n, false, false);
  }

  /**
   * The product named by {@code id}: {@code square-N}; {@code model/convN}, the per-image im2col
   * product of that convolution's forward pass (weights x columns: filters x output pixels x
   * patch); or {@code model/denseN}, that dense layer's forward pass over a batch (inputs x
   * weights^T: batch x units x inputs).
   */
  static GemmShape of(String id) {
    if (id.startsWith("square-")) {
      return square(Integer.parseInt(id.substring("square-".length())));
    }
    if (id.contains("/conv")) {
      ConvGeometry g = ZooLayers.conv(id).geometry();
      return new GemmShape(g.outChannels(), g.outPixels(), g.patchSize(), false, false);
    }
    if (id.contains("/dense")) {
      ZooLayers.DenseLayer d = ZooLayers.dense(id);
      return new GemmShape(ZooLayers.BATCH, d.outFeatures(), d.inFeatures(), false, true);
    }
    throw new IllegalArgumentException(
        "GEMM shape '" + id + "' is unknown; expected square-N, model/convN or model/denseN.");
  }

  /** Floating-point operations of one product (a multiply-add counts as 2). */
  long flops() {
    return 2L * m * n * k;
  }

  int lda() {
    return transA ? m : k;
  }

  int ldb() {
    return transB ? k : n;
  }
}
