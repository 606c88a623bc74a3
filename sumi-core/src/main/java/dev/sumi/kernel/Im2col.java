package dev.sumi.kernel;

import java.util.Arrays;

/**
 * Unfolds one image into the (patchSize x outPixels) matrix whose column p holds the receptive
 * field of output pixel p, and folds such a matrix back (summing overlaps), so that a convolution
 * becomes a matrix product. Row {@code (c * kh + ky) * kw + kx} of the matrix is input channel c
 * shifted by (ky, kx), which matches the weight layout (outChannels, inChannels, kh, kw).
 */
final class Im2col {
  private Im2col() {}

  /** True when the unfolded matrix is the image itself (1x1 kernel, stride 1, no padding). */
  static boolean isIdentity(ConvGeometry g) {
    return g.kernelHeight() == 1
        && g.kernelWidth() == 1
        && g.strideHeight() == 1
        && g.strideWidth() == 1
        && g.padTop() == 0
        && g.padLeft() == 0
        && g.outHeight() == g.inHeight()
        && g.outWidth() == g.inWidth();
  }

  /** cols = unfold(image at in[inOffset ..]); cols is overwritten, padding reads as zero. */
  static void unfold(ConvGeometry g, float[] in, int inOffset, float[] cols) {
    int ow = g.outWidth();
    int sw = g.strideWidth();
    int row = 0;
    for (int c = 0; c < g.inChannels(); c++) {
      for (int ky = 0; ky < g.kernelHeight(); ky++) {
        for (int kx = 0; kx < g.kernelWidth(); kx++, row++) {
          int shift = kx - g.padLeft();
          int lo = firstInside(shift, sw);
          int hi = endInside(shift, sw, g.inWidth(), ow);
          for (int oy = 0; oy < g.outHeight(); oy++) {
            int d = (row * g.outHeight() + oy) * ow;
            int iy = oy * g.strideHeight() - g.padTop() + ky;
            if (iy < 0 || iy >= g.inHeight() || lo >= hi) {
              Arrays.fill(cols, d, d + ow, 0f);
              continue;
            }
            int s = inOffset + (c * g.inHeight() + iy) * g.inWidth() + shift;
            // Loops, not Arrays.fill: the zero margins are a few cells, where a call costs more.
            for (int ox = 0; ox < lo; ox++) {
              cols[d + ox] = 0f;
            }
            if (sw == 1) {
              System.arraycopy(in, s + lo, cols, d + lo, hi - lo);
            } else {
              for (int ox = lo; ox < hi; ox++) {
                cols[d + ox] = in[s + ox * sw];
              }
            }
            for (int ox = hi; ox < ow; ox++) {
              cols[d + ox] = 0f;
            }
          }
        }
      }
    }
  }

  /** gradIn[inOffset ..] += fold(cols): each column entry is added to the input cell it read. */
  static void foldAdd(ConvGeometry g, float[] cols, float[] gradIn, int inOffset) {
    int ow = g.outWidth();
    int sw = g.strideWidth();
    int row = 0;
    for (int c = 0; c < g.inChannels(); c++) {
      for (int ky = 0; ky < g.kernelHeight(); ky++) {
        for (int kx = 0; kx < g.kernelWidth(); kx++, row++) {
          int shift = kx - g.padLeft();
          int lo = firstInside(shift, sw);
          int hi = endInside(shift, sw, g.inWidth(), ow);
          for (int oy = 0; oy < g.outHeight(); oy++) {
            int iy = oy * g.strideHeight() - g.padTop() + ky;
            if (iy < 0 || iy >= g.inHeight()) {
              continue;
            }
            int d = (row * g.outHeight() + oy) * ow;
            int s = inOffset + (c * g.inHeight() + iy) * g.inWidth() + shift;
            if (sw == 1) {
              for (int ox = lo; ox < hi; ox++) {
                gradIn[s + ox] += cols[d + ox];
              }
            } else {
              for (int ox = lo; ox < hi; ox++) {
                gradIn[s + ox * sw] += cols[d + ox];
              }
            }
          }
        }
      }
    }
  }

  /** Smallest ox with ox * stride + shift >= 0. */
  private static int firstInside(int shift, int stride) {
    return shift >= 0 ? 0 : (-shift + stride - 1) / stride;
  }

  /** One past the largest ox (capped at outWidth) with ox * stride + shift < inWidth. */
  private static int endInside(int shift, int stride, int inWidth, int outWidth) {
    int last = inWidth - 1 - shift;
    return last < 0 ? 0 : Math.min(outWidth, last / stride + 1);
  }
}
