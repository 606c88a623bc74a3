package dev.sumi.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DynamicTest;

/**
 * Holds a candidate {@link Kernels} to {@link ScalarKernels} on every operation, over shapes chosen
 * to hit ragged edges, blocking boundaries and every code path. Shared by the JUnit tests and by
 * {@link #main}, which runs the checks in a separate JVM for a second vector species (one JVM
 * should only ever see one species; see {@link Lanes}).
 */
final class KernelConformance {
  private static final float TOLERANCE = 1e-4f;
  private static final int[] SIZES = {1, 7, 33, 257};
  private static final List<Activation> ACTIVATIONS =
      List.of(
          Activation.NONE,
          Activation.RELU,
          Activation.leakyRelu(0.1f),
          Activation.SIGMOID,
          Activation.TANH);

  private final Kernels candidate;
  private final Kernels reference = Kernels.scalar();
  private final SplittableRandom random = new SplittableRandom(42);

  KernelConformance(Kernels candidate) {
    this.candidate = candidate;
  }

  /** Every check, named for the test report. */
  List<DynamicTest> checks() {
    String tag = candidate.name() + ": ";
    List<DynamicTest> tests = new ArrayList<>();
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        tests.add(
            dynamicTest(
                tag + "gemm " + (ta ? "T" : "N") + (tb ? "T" : "N"), () -> gemmAll(ta, tb)));
      }
    }
    tests.add(dynamicTest(tag + "gemm across blocking boundaries", this::gemmLarge));
    tests.add(dynamicTest(tag + "gemm with k = 0", this::gemmEmptyDepth));
    for (ConvGeometry g : convGeometries()) {
      tests.add(dynamicTest(tag + "conv " + g, () -> conv(g, 3, Activation.RELU, true, true)));
    }
    ConvGeometry same = ConvGeometry.of(3, 9, 11, 5, 3, 2, true);
    for (Activation act : ACTIVATIONS) {
      tests.add(
          dynamicTest(tag + "conv activation " + act.id(), () -> conv(same, 2, act, true, true)));
    }
    tests.add(dynamicTest(tag + "conv no bias", () -> conv(same, 2, Activation.TANH, false, true)));
    tests.add(
        dynamicTest(tag + "conv no gradIn", () -> conv(same, 5, Activation.NONE, true, false)));
    tests.add(dynamicTest(tag + "conv batch 1", () -> conv(same, 1, Activation.RELU, true, true)));
    tests.add(
        dynamicTest(
            tag + "conv sees weights changed in place between calls",
            () -> convAfterWeightUpdate(ConvGeometry.of(3, 8, 8, 5, 3, 1, true), 4)));
    ConvGeometry large = ConvGeometry.of(32, 26, 26, 64, 3, 1, false);
    tests.add(
        dynamicTest(
            tag + "conv batch 1 large enough to split one image's product",
            () -> conv(large, 1, Activation.RELU, true, true)));
    for (int[] d :
        new int[][] {
          {1, 1, 1}, {7, 33, 10}, {5, 257, 129}, {33, 400, 120}, {1, 9216, 128}, {2, 257, 33}
        }) {
      for (Activation act : ACTIVATIONS) {
        tests.add(
            dynamicTest(
                tag + "dense " + Arrays.toString(d) + " " + act.id(),
                () -> dense(d[0], d[1], d[2], act, true)));
      }
      tests.add(
          dynamicTest(
              tag + "dense " + Arrays.toString(d) + " no bias",
              () -> dense(d[0], d[1], d[2], Activation.NONE, false)));
    }
    for (PoolGeometry p :
        List.of(
            PoolGeometry.of(3, 9, 9, 2, 2),
            // 2x2 windows tiling the input: rows shorter than a vector, two vectors per row, and
            // a row of three windows (cell by cell).
            PoolGeometry.of(3, 28, 28, 2, 2),
            PoolGeometry.of(2, 8, 40, 2, 2),
            PoolGeometry.of(5, 6, 6, 2, 2),
            PoolGeometry.of(2, 8, 7, 3, 2),
            PoolGeometry.of(4, 6, 6, 3, 1),
            PoolGeometry.of(1, 1, 1, 1, 1))) {
      tests.add(dynamicTest(tag + "pool " + p, () -> pooling(p, 5)));
    }
    for (Activation act : ACTIVATIONS) {
      tests.add(dynamicTest(tag + "activation " + act.id(), () -> activation(act)));
    }
    tests.add(dynamicTest(tag + "softmax", this::softmax));
    tests.add(dynamicTest(tag + "dropout", this::dropout));
    tests.add(dynamicTest(tag + "adam update", this::adamUpdate));
    for (ConvGeometry g : depthwiseGeometries()) {
      tests.add(
          dynamicTest(tag + "depthwise " + g, () -> depthwise(g, 3, Activation.RELU, true, true)));
    }
    ConvGeometry dw = ConvGeometry.of(7, 9, 11, 14, 3, 1, true);
    for (Activation act : ACTIVATIONS) {
      tests.add(
          dynamicTest(
              tag + "depthwise activation " + act.id(), () -> depthwise(dw, 2, act, true, true)));
    }
    tests.add(
        dynamicTest(
            tag + "depthwise no bias, no gradIn",
            () -> depthwise(dw, 2, Activation.NONE, false, false)));
    tests.add(
        dynamicTest(
            tag + "depthwise batch 33, parallel",
            () ->
                depthwise(
                    ConvGeometry.of(33, 28, 28, 33, 3, 1, true), 33, Activation.RELU, true, true)));
    for (int batch : new int[] {1, 7, 33}) {
      for (int channels : new int[] {1, 7, 33}) {
        for (int spatial : new int[] {1, 7, 33}) {
          tests.add(
              dynamicTest(
                  tag + "batch norm " + batch + "x" + channels + "x" + spatial,
                  () -> batchNorm(batch, channels, spatial)));
        }
      }
    }
    tests.add(dynamicTest(tag + "batch norm images, parallel", () -> batchNorm(40, 16, 7 * 7)));
    tests.add(dynamicTest(tag + "batch norm features, parallel", () -> batchNorm(300, 130, 1)));
    // Grouped convolutions (strided or small outputs): several groups per worker, a ragged last
    // group, padded copies and images read in place.
    tests.add(
        dynamicTest(
            tag + "grouped conv, small outputs in place, ragged groups",
            () ->
                conv(
                    ConvGeometry.of(6, 14, 14, 16, 5, 1, false), 13, Activation.RELU, true, true)));
    tests.add(
        dynamicTest(
            tag + "grouped conv, strided and padded, several groups per worker",
            () -> conv(ConvGeometry.of(5, 9, 9, 7, 3, 2, true), 50, Activation.NONE, false, true)));
    tests.add(
        dynamicTest(
            tag + "grouped conv, 1x1 kernel on a small image",
            () ->
                conv(ConvGeometry.of(8, 5, 5, 12, 1, 1, false), 30, Activation.RELU, true, true)));
    tests.add(
        dynamicTest(
            tag + "grouped conv, 1x1 stride 2, many filters",
            () ->
                conv(ConvGeometry.of(64, 7, 7, 128, 1, 2, true), 9, Activation.NONE, false, true)));
    // Direct forward (few input channels, a vector or more per output row): odd filter counts,
    // rows past the last block of four, an overlapped last vector, valid and same padding, and
    // non-lane-wise activations.
    for (ConvGeometry g :
        List.of(
            ConvGeometry.of(1, 28, 28, 32, 5, 1, true),
            ConvGeometry.of(1, 28, 28, 5, 3, 1, false),
            ConvGeometry.of(3, 21, 37, 7, 3, 1, true),
            ConvGeometry.of(2, 19, 20, 3, 2, 1, false))) {
      tests.add(
          dynamicTest(tag + "direct conv " + g, () -> conv(g, 5, Activation.RELU, true, true)));
    }
    for (Activation act : ACTIVATIONS) {
      tests.add(
          dynamicTest(
              tag + "direct conv activation " + act.id(),
              () -> conv(ConvGeometry.of(1, 17, 33, 3, 3, 1, true), 3, act, true, false)));
    }
    tests.add(
        dynamicTest(
            tag + "direct conv batch 1, rows split over the team",
            () ->
                conv(ConvGeometry.of(1, 28, 28, 6, 5, 1, true), 1, Activation.RELU, false, true)));
    for (ConvGeometry g : winogradGeometries()) {
      tests.add(
          dynamicTest(tag + "winograd conv " + g, () -> conv(g, 3, Activation.RELU, true, true)));
    }
    // Images of one or four tiles: blocks take the tiles of several images, and a worker's last
    // group is partly filled.
    tests.add(
        dynamicTest(
            tag + "winograd conv, several 4x4 images per block",
            () ->
                conv(
                    ConvGeometry.of(128, 4, 4, 136, 3, 1, true), 13, Activation.RELU, true, true)));
    tests.add(
        dynamicTest(
            tag + "winograd conv, several 7x7 images per block",
            () ->
                conv(ConvGeometry.of(64, 7, 7, 40, 3, 1, true), 11, Activation.NONE, false, true)));
    tests.add(
        dynamicTest(
            tag + "winograd conv without input gradient",
            () ->
                conv(ConvGeometry.of(40, 7, 9, 17, 3, 1, false), 3, Activation.NONE, true, false)));
    tests.add(
        dynamicTest(
            tag + "winograd conv, sigmoid and no bias",
            () ->
                conv(
                    ConvGeometry.of(32, 8, 8, 32, 3, 1, true),
                    2,
                    Activation.SIGMOID,
                    false,
                    true)));
    return tests;
  }

  private static List<ConvGeometry> convGeometries() {
    return List.of(
        ConvGeometry.of(1, 10, 10, 4, 3, 1, false),
        ConvGeometry.of(1, 28, 28, 8, 3, 1, false),
        ConvGeometry.of(1, 28, 28, 6, 5, 1, true),
        ConvGeometry.of(6, 14, 14, 16, 5, 1, false),
        ConvGeometry.of(2, 7, 7, 3, 5, 1, true),
        ConvGeometry.of(3, 9, 11, 5, 3, 2, true),
        ConvGeometry.of(2, 9, 9, 3, 3, 2, false),
        ConvGeometry.of(8, 10, 10, 16, 3, 2, true),
        ConvGeometry.of(9, 11, 9, 20, 3, 2, false),
        ConvGeometry.of(3, 12, 13, 8, 5, 2, true),
        ConvGeometry.of(4, 11, 11, 5, 3, 3, true),
        ConvGeometry.of(5, 8, 8, 7, 4, 1, true),
        ConvGeometry.of(4, 6, 5, 6, 1, 1, false),
        ConvGeometry.of(3, 7, 7, 2, 1, 2, false),
        ConvGeometry.of(33, 5, 5, 7, 3, 1, true));
  }

  /**
   * Stride-1 3x3 and 5x5 convolutions with enough channels for {@link WinogradConvolution} in the
   * forward pass, the input gradient or both: ragged tiles, channel counts off the vector width,
   * valid and same padding, more tiles than one block; 16 to 31 channels on both sides take
   * Winograd backward and the column product forward.
   */
  private static List<ConvGeometry> winogradGeometries() {
    return List.of(
        ConvGeometry.of(32, 14, 14, 64, 5, 1, true),
        ConvGeometry.of(33, 9, 11, 40, 3, 1, true),
        ConvGeometry.of(40, 7, 9, 17, 3, 1, false),
        ConvGeometry.of(20, 9, 9, 36, 5, 1, false),
        ConvGeometry.of(32, 6, 6, 33, 5, 1, true),
        ConvGeometry.of(64, 28, 28, 32, 3, 1, true),
        ConvGeometry.of(16, 28, 28, 16, 3, 1, true),
        ConvGeometry.of(17, 9, 10, 19, 3, 1, false));
  }

  /** Depthwise geometries: 1, 7 and 33 channels and widths, multipliers, strides and padding. */
  private static List<ConvGeometry> depthwiseGeometries() {
    return List.of(
        ConvGeometry.of(1, 1, 1, 1, 1, 1, false),
        ConvGeometry.of(1, 7, 7, 1, 3, 1, false),
        ConvGeometry.of(7, 7, 33, 7, 3, 1, true),
        ConvGeometry.of(7, 33, 7, 14, 5, 1, true),
        ConvGeometry.of(33, 33, 33, 33, 3, 1, false),
        ConvGeometry.of(3, 33, 33, 9, 3, 2, true),
        ConvGeometry.of(2, 7, 7, 2, 3, 2, false),
        ConvGeometry.of(4, 6, 5, 4, 4, 1, true),
        ConvGeometry.of(5, 1, 1, 5, 3, 1, true),
        ConvGeometry.of(3, 20, 40, 6, 7, 1, true));
  }

  private void gemmAll(boolean ta, boolean tb) {
    for (int m : SIZES) {
      for (int n : SIZES) {
        for (int k : SIZES) {
          gemm(ta, tb, m, n, k, 0f);
          gemm(ta, tb, m, n, k, 1f);
        }
      }
    }
  }

  private void gemmLarge() {
    gemm(false, false, 7, 2100, 300, 0f);
    gemm(true, false, 300, 70, 600, 1f);
    gemm(false, true, 150, 40, 520, 0f);
    gemm(true, true, 160, 300, 33, 1f);
    // Depth past one packed slice (1024): two and three slices, C accumulated across them.
    gemm(false, false, 30, 70, 1100, 1f);
    gemm(true, true, 9, 40, 2100, 0f);
  }

  private void gemmEmptyDepth() {
    gemm(false, false, 7, 33, 0, 0f);
    gemm(true, true, 7, 33, 0, 1f);
  }

  /**
   * Runs one product with offsets and padded leading dimensions; checks the m x n window and that
   * nothing outside it changed. beta 0 starts from NaN-filled C, which must be ignored.
   */
  private void gemm(boolean ta, boolean tb, int m, int n, int k, float beta) {
    int aRows = ta ? k : m;
    int aCols = ta ? m : k;
    int bRows = tb ? n : k;
    int bCols = tb ? k : n;
    int lda = aCols + 3;
    int ldb = bCols + 2;
    int ldc = n + 5;
    int aOff = 4;
    int bOff = 1;
    int cOff = 3;
    float[] a = randoms(aOff + aRows * lda);
    float[] b = randoms(bOff + bRows * ldb);
    float[] c = beta == 0f ? nans(cOff + m * ldc + 2) : randoms(cOff + m * ldc + 2);
    float[] expected = c.clone();
    float[] actual = c.clone();
    reference.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
    candidate.gemm(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
    String what = "gemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " " + m + "x" + n + "x" + k;
    for (int i = 0; i < expected.length; i++) {
      int row = (i - cOff) / ldc;
      int col = (i - cOff) % ldc;
      boolean inside = i >= cOff && row < m && col < n;
      if (!inside && Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        fail(what + " beta " + beta + " wrote outside C at " + i);
      }
    }
    assertClose(what + " beta " + beta, expected, actual);
  }

  private void conv(
      ConvGeometry g, int batch, Activation act, boolean withBias, boolean withGradIn) {
    float[] in = randoms(batch * g.inSize());
    float[] weights = randoms(g.weightCount());
    float[] bias = withBias ? randoms(g.outChannels()) : null;
    float[] expected = nans(batch * g.outSize());
    float[] actual = nans(batch * g.outSize());
    reference.conv2dForward(g, batch, in, weights, bias, act, expected);
    candidate.conv2dForward(g, batch, in, weights, bias, act, actual);
    assertClose("conv forward", expected, actual);

    float[] gradOut = randoms(batch * g.outSize());
    float[] gradInExpected = withGradIn ? nans(batch * g.inSize()) : null;
    float[] gradInActual = withGradIn ? nans(batch * g.inSize()) : null;
    float[] gwExpected = nans(g.weightCount());
    float[] gwActual = nans(g.weightCount());
    float[] gbExpected = withBias ? nans(g.outChannels()) : null;
    float[] gbActual = withBias ? nans(g.outChannels()) : null;
    reference.conv2dBackward(
        g, batch, in, weights, gradOut, gradInExpected, gwExpected, gbExpected);
    candidate.conv2dBackward(g, batch, in, weights, gradOut, gradInActual, gwActual, gbActual);
    assertClose("conv grad weights", gwExpected, gwActual);
    if (withGradIn) {
      assertClose("conv grad input", gradInExpected, gradInActual);
    }
    if (withBias) {
      assertClose("conv grad bias", gbExpected, gbActual);
    }
  }

  /** A training step updates weights in the same array; nothing packed from them may linger. */
  private void convAfterWeightUpdate(ConvGeometry g, int batch) {
    float[] in = randoms(batch * g.inSize());
    float[] weights = randoms(g.weightCount());
    float[] out = nans(batch * g.outSize());
    candidate.conv2dForward(g, batch, in, weights, null, Activation.NONE, out);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = -2f * weights[i] + 0.5f;
    }
    float[] expected = nans(batch * g.outSize());
    float[] actual = nans(batch * g.outSize());
    reference.conv2dForward(g, batch, in, weights, null, Activation.NONE, expected);
    candidate.conv2dForward(g, batch, in, weights, null, Activation.NONE, actual);
    assertClose("conv forward after a weight update", expected, actual);
  }

  private void depthwise(
      ConvGeometry g, int batch, Activation act, boolean withBias, boolean withGradIn) {
    int weightCount = g.outChannels() * g.kernelHeight() * g.kernelWidth();
    float[] in = randoms(batch * g.inSize());
    float[] weights = randoms(weightCount);
    float[] bias = withBias ? randoms(g.outChannels()) : null;
    float[] expected = nans(batch * g.outSize());
    float[] actual = nans(batch * g.outSize());
    reference.depthwiseConv2dForward(g, batch, in, weights, bias, act, expected);
    candidate.depthwiseConv2dForward(g, batch, in, weights, bias, act, actual);
    assertClose("depthwise forward", expected, actual);

    float[] gradOut = randoms(batch * g.outSize());
    float[][] want = {
      withGradIn ? nans(batch * g.inSize()) : null,
      nans(weightCount),
      withBias ? nans(g.outChannels()) : null
    };
    float[][] got = {
      withGradIn ? nans(batch * g.inSize()) : null,
      nans(weightCount),
      withBias ? nans(g.outChannels()) : null
    };
    reference.depthwiseConv2dBackward(g, batch, in, weights, gradOut, want[0], want[1], want[2]);
    candidate.depthwiseConv2dBackward(g, batch, in, weights, gradOut, got[0], got[1], got[2]);
    assertClose("depthwise grad weights", want[1], got[1]);
    if (withGradIn) {
      assertClose("depthwise grad input", want[0], got[0]);
    }
    if (withBias) {
      assertClose("depthwise grad bias", want[2], got[2]);
    }
  }

  private void dense(int batch, int inF, int outF, Activation act, boolean withBias) {
    float[] in = randoms(batch * inF);
    float[] weights = randoms(outF * inF);
    float[] bias = withBias ? randoms(outF) : null;
    float[] expected = nans(batch * outF);
    float[] actual = nans(batch * outF);
    reference.denseForward(batch, inF, outF, in, weights, bias, act, expected);
    candidate.denseForward(batch, inF, outF, in, weights, bias, act, actual);
    assertClose("dense forward", expected, actual);

    float[] gradOut = randoms(batch * outF);
    float[][] want = {nans(batch * inF), nans(outF * inF), withBias ? nans(outF) : null};
    float[][] got = {nans(batch * inF), nans(outF * inF), withBias ? nans(outF) : null};
    reference.denseBackward(batch, inF, outF, in, weights, gradOut, want[0], want[1], want[2]);
    candidate.denseBackward(batch, inF, outF, in, weights, gradOut, got[0], got[1], got[2]);
    assertClose("dense grad input", want[0], got[0]);
    assertClose("dense grad weights", want[1], got[1]);
    if (withBias) {
      assertClose("dense grad bias", want[2], got[2]);
    }
    float[] gradWeights = nans(outF * inF);
    candidate.denseBackward(batch, inF, outF, in, weights, gradOut, null, gradWeights, null);
    assertClose("dense grad weights without grad input", want[1], gradWeights);
  }

  /** Pooling only moves or averages values in the reference's order, so it must match exactly. */
  private void pooling(PoolGeometry g, int batch) {
    float[] in = randoms(batch * g.inSize());
    pooling(g, batch, in);
    // Few distinct values, so that windows hold ties: the first maximum must win everywhere.
    for (int i = 0; i < in.length; i++) {
      in[i] = Math.round(in[i]);
    }
    pooling(g, batch, in);
  }

  private void pooling(PoolGeometry g, int batch, float[] in) {
    float[] expected = new float[batch * g.outSize()];
    float[] actual = new float[batch * g.outSize()];
    int[] argExpected = new int[batch * g.outSize()];
    int[] argActual = new int[batch * g.outSize()];
    reference.maxPool2dForward(g, batch, in, expected, argExpected);
    candidate.maxPool2dForward(g, batch, in, actual, argActual);
    assertArrayEquals(expected, actual, "max pool forward");
    assertArrayEquals(argExpected, argActual, "max pool argmax");

    float[] gradOut = randoms(batch * g.outSize());
    gradOut[gradOut.length / 2] = -0f; // the reference adds it to a zeroed gradient: +0
    float[] gradExpected = nans(batch * g.inSize());
    float[] gradActual = nans(batch * g.inSize());
    reference.maxPool2dBackward(g, batch, gradOut, argExpected, gradExpected);
    candidate.maxPool2dBackward(g, batch, gradOut, argActual, gradActual);
    assertArrayEquals(gradExpected, gradActual, "max pool backward");

    reference.avgPool2dForward(g, batch, in, expected);
    candidate.avgPool2dForward(g, batch, in, actual);
    assertArrayEquals(expected, actual, "avg pool forward");
    reference.avgPool2dBackward(g, batch, gradOut, gradExpected);
    candidate.avgPool2dBackward(g, batch, gradOut, gradActual);
    assertArrayEquals(gradExpected, gradActual, "avg pool backward");
  }

  private void activation(Activation act) {
    for (int n : new int[] {1, 7, 33, 257, 40_001}) {
      float[] in = randoms(n);
      for (int i = 0; i < n; i += 5) {
        in[i] *= 8f;
      }
      float[] expected = new float[n];
      reference.activationForward(act, n, in, expected);
      float[] actual = in.clone();
      candidate.activationForward(act, n, actual, actual);
      assertClose("activation forward " + act.id() + " n=" + n, expected, actual);

      float[] gradOut = randoms(n);
      float[] gradExpected = new float[n];
      reference.activationBackward(act, n, expected, gradOut, gradExpected);
      float[] gradActual = gradOut.clone();
      candidate.activationBackward(act, n, expected, gradActual, gradActual);
      assertClose("activation backward " + act.id() + " n=" + n, gradExpected, gradActual);
    }
  }

  /** The same values dropped, bit for bit, for sizes with ragged ends and split over the team. */
  private void dropout() {
    for (int n : new int[] {1, 7, 33, 257, 300_007}) {
      for (float rate : new float[] {0.25f, 0.5f}) {
        float[] in = randoms(n);
        float[][] want = {nans(n), nans(n)};
        float[][] got = {nans(n), nans(n)};
        reference.dropout(n, rate, 42L + n, in, want[0], want[1]);
        candidate.dropout(n, rate, 42L + n, in, got[0], got[1]);
        String what = "dropout n=" + n + " rate " + rate;
        assertArrayEquals(want[0], got[0], what + " mask");
        assertArrayEquals(want[1], got[1], what + " output");
        if (n > 10_000) {
          int dropped = 0;
          for (float m : got[0]) {
            dropped += m == 0f ? 1 : 0;
          }
          double fraction = (double) dropped / n;
          assertEquals(rate, fraction, 0.005, what);
        }
      }
    }
  }

  private void softmax() {
    for (int[] d : new int[][] {{1, 1}, {3, 10}, {5, 33}, {2, 257}, {4000, 10}, {300, 130}}) {
      float[] in = randoms(d[0] * d[1]);
      for (int i = 0; i < in.length; i++) {
        in[i] *= 20f;
      }
      float[] expected = new float[in.length];
      reference.softmax(d[0], d[1], in, expected);
      float[] actual = in.clone();
      candidate.softmax(d[0], d[1], actual, actual);
      assertClose("softmax " + Arrays.toString(d), expected, actual);
    }
  }

  /**
   * Adam's update, bit for bit: the same operations in the same order whatever the kernels, so a
   * model trains to the same weights on any of them. Sizes below and above the parallel threshold.
   */
  private void adamUpdate() {
    for (int n : new int[] {1, 7, 33, 257, 70_001}) {
      float[] g = randoms(n);
      float[][] expected = {randoms(n), randoms(n), randoms(n)};
      for (int i = 0; i < n; i++) {
        expected[2][i] = expected[2][i] * expected[2][i]; // second moments are not negative
      }
      // Every third value has no gradient, no weight to decay and moments about to fall below
      // 1e-30 (to be stored as 0 rather than become subnormal).
      for (int i = 0; i < n; i += 3) {
        g[i] = 0f;
        expected[0][i] = 0f;
        expected[1][i] = 1.05e-30f;
        expected[2][i] = 1.001e-30f;
      }
      float[][] actual = {expected[0].clone(), expected[1].clone(), expected[2].clone()};
      for (int step = 0; step < 3; step++) {
        reference.adamUpdate(
            n,
            expected[0],
            g,
            expected[1],
            expected[2],
            0.9f,
            0.999f,
            1e-4f,
            0.999f,
            1e-3f,
            0.3f,
            1e-8f);
        candidate.adamUpdate(
            n, actual[0], g, actual[1], actual[2], 0.9f, 0.999f, 1e-4f, 0.999f, 1e-3f, 0.3f, 1e-8f);
      }
      assertArrayEquals(expected[0], actual[0], "adam weights n=" + n);
      assertArrayEquals(expected[1], actual[1], "adam first moments n=" + n);
      assertArrayEquals(expected[2], actual[2], "adam second moments n=" + n);
      for (int i = 0; i < n; i += 3) {
        assertEquals(0f, actual[1][i], "first moment flushed to 0, n=" + n + " i=" + i);
        assertEquals(0f, actual[2][i], "second moment flushed to 0, n=" + n + " i=" + i);
      }
    }
  }

  /** Statistics, forward, and backward with batch and with constant statistics. */
  private void batchNorm(int batch, int channels, int spatial) {
    int n = batch * channels * spatial;
    float[] in = randoms(n);
    for (int i = 0; i < n; i++) {
      in[i] = in[i] * 3f + 0.5f;
    }
    float[][] want = {nans(channels), nans(channels)};
    float[][] got = {nans(channels), nans(channels)};
    reference.batchNormStatistics(batch, channels, spatial, in, want[0], want[1]);
    candidate.batchNormStatistics(batch, channels, spatial, in, got[0], got[1]);
    assertClose("batch norm mean", want[0], got[0]);
    assertClose("batch norm variance", want[1], got[1]);

    float[] scale = randoms(channels);
    float[] shift = randoms(channels);
    for (boolean relu : new boolean[] {false, true}) {
      float[] expected = nans(n);
      reference.batchNormForward(batch, channels, spatial, in, scale, shift, relu, expected);
      float[] actual = in.clone();
      candidate.batchNormForward(batch, channels, spatial, actual, scale, shift, relu, actual);
      assertClose("batch norm forward (relu " + relu + ")", expected, actual);
    }

    float[] mean = want[0];
    float[] invStd = new float[channels];
    for (int c = 0; c < channels; c++) {
      invStd[c] = (float) (1 / Math.sqrt(want[1][c] + 1e-5));
    }
    float[] gamma = randoms(channels);
    float[] gradOut = randoms(n);
    for (int variant = 0; variant < 4; variant++) {
      boolean batchStatistics = variant % 2 == 0;
      boolean relu = variant >= 2;
      float[] reluScale = relu ? scale : null;
      float[] reluShift = relu ? shift : null;
      String what =
          "batch norm backward (batch statistics " + batchStatistics + ", relu " + relu + ") ";
      float[][] w = {nans(n), nans(channels), nans(channels)};
      float[][] g = {nans(n), nans(channels), nans(channels)};
      reference.batchNormBackward(
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
          w[0],
          w[1],
          w[2]);
      candidate.batchNormBackward(
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
          g[0],
          g[1],
          g[2]);
      assertClose(what + "grad input", w[0], g[0]);
      assertClose(what + "grad gamma", w[1], g[1]);
      assertClose(what + "grad beta", w[2], g[2]);
      float[][] noInput = {nans(channels), nans(channels)};
      candidate.batchNormBackward(
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
          null,
          noInput[0],
          noInput[1]);
      assertClose(what + "grad gamma without grad input", w[1], noInput[0]);
      assertClose(what + "grad beta without grad input", w[2], noInput[1]);
    }
  }

  /**
   * Element-wise |actual - expected| <= tol * (|expected| + max|expected|): relative for large
   * entries, and relative to the array's scale for entries that cancelled to near zero.
   */
  static void assertClose(String what, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + ": length");
    float scale = 0f;
    for (float e : expected) {
      if (Float.isFinite(e)) {
        scale = Math.max(scale, Math.abs(e));
      }
    }
    for (int i = 0; i < expected.length; i++) {
      float e = expected[i];
      float a = actual[i];
      if (Float.isNaN(e) || Float.isNaN(a)) {
        if (Float.isNaN(e) != Float.isNaN(a)) {
          fail(what + ": element " + i + " expected " + e + " but was " + a);
        }
        continue;
      }
      if (!(Math.abs(a - e) <= TOLERANCE * (Math.abs(e) + scale))) {
        fail(what + ": element " + i + " expected " + e + " but was " + a);
      }
    }
  }

  private float[] randoms(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return x;
  }

  private static float[] nans(int n) {
    float[] x = new float[n];
    Arrays.fill(x, Float.NaN);
    return x;
  }

  /**
   * Runs every check for VectorKernels with this JVM's species (set its width with the system
   * property sumi.vector.bits) on 1 and 2 threads; prints failures and exits with status 1 if there
   * were any.
   */
  public static void main(String[] args) {
    int failures = 0;
    int total = 0;
    for (int threads = 1; threads <= 2; threads++) {
      for (DynamicTest t : new KernelConformance(new VectorKernels(threads)).checks()) {
        total++;
        try {
          t.getExecutable().execute();
        } catch (Throwable e) {
          failures++;
          System.out.println("FAILED " + t.getDisplayName() + ": " + e);
        }
      }
    }
    System.out.println(total + " checks, " + failures + " failed");
    System.exit(failures == 0 ? 0 : 1);
  }
}
