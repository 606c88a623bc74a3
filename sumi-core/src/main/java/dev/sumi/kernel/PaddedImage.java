package dev.sumi.kernel;

import java.util.Arrays;

/**
 * An image zero-padded for a convolution: each channel becomes a (height x width) plane holding the
 * image at (padTop, padLeft), big enough for every tap of every output pixel. Convolutions that
 * read their column matrix in place address row (c, ky, kx) of it at {@link #rowOffsets}.
 */
final class PaddedImage {
  private PaddedImage() {}

  static int height(ConvGeometry g) {
    return Math.max(
        g.inHeight() + g.padTop(), (g.outHeight() - 1) * g.strideHeight() + g.kernelHeight());
  }

  static int width(ConvGeometry g) {
    return Math.max(
        g.inWidth() + g.padLeft(), (g.outWidth() - 1) * g.strideWidth() + g.kernelWidth());
  }

  /** True when the image must be copied; otherwise the image itself is the padded image. */
  static boolean needed(ConvGeometry g) {
    return height(g) != g.inHeight() || width(g) != g.inWidth();
  }

  static int size(ConvGeometry g) {
    return g.inChannels() * height(g) * width(g);
  }

  /** Where tap (ky, kx) of channel c of the output pixel at the origin lies in the planes. */
  static int[] rowOffsets(ConvGeometry g) {
    int height = height(g);
    int width = width(g);
    int[] offsets = new int[g.patchSize()];
    int row = 0;
    for (int c = 0; c < g.inChannels(); c++) {
      for (int ky = 0; ky < g.kernelHeight(); ky++) {
        for (int kx = 0; kx < g.kernelWidth(); kx++) {
          offsets[row++] = (c * height + ky) * width + kx;
        }
      }
    }
    return offsets;
  }

  /** dst[dstOffset ..] = the image at in[inOffset ..], zero-padded. */
  static void copy(ConvGeometry g, float[] in, int inOffset, float[] dst, int dstOffset) {
    int height = height(g);
    int width = width(g);
    int h = g.inHeight();
    int w = g.inWidth();
    for (int c = 0; c < g.inChannels(); c++) {
      int plane = dstOffset + c * height * width;
      Arrays.fill(dst, plane, plane + g.padTop() * width, 0f);
      for (int y = 0; y < h; y++) {
        int d = plane + (g.padTop() + y) * width;
        Arrays.fill(dst, d, d + g.padLeft(), 0f);
        System.arraycopy(in, inOffset + (c * h + y) * w, dst, d + g.padLeft(), w);
        Arrays.fill(dst, d + g.padLeft() + w, d + width, 0f);
      }
      Arrays.fill(dst, plane + (g.padTop() + h) * width, plane + height * width, 0f);
    }
  }

  /** out[offset ..] = the image's pixels of the padded planes at padded[paddedOffset ..]. */
  static void crop(ConvGeometry g, float[] padded, int paddedOffset, float[] out, int offset) {
    int height = height(g);
    int width = width(g);
    int h = g.inHeight();
    int w = g.inWidth();
    for (int c = 0; c < g.inChannels(); c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(
            padded,
            paddedOffset + (c * height + g.padTop() + y) * width + g.padLeft(),
            out,
            offset + (c * h + y) * w,
            w);
      }
    }
  }
}
