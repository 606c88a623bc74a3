package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

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
    int top = g.padTop();
    int left = g.padLeft();
    for (int c = 0; c < g.inChannels(); c++) {
      int plane = dstOffset + c * height * width;
      zero(dst, plane, plane + top * width);
      for (int y = 0; y < h; y++) {
        int d = plane + (top + y) * width;
        zero(dst, d, d + left);
        copyRow(in, inOffset + (c * h + y) * w, dst, d + left, w);
        zero(dst, d + left + w, d + width);
      }
      zero(dst, plane + (top + h) * width, plane + height * width);
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
        copyRow(
            padded,
            paddedOffset + (c * height + g.padTop() + y) * width + g.padLeft(),
            out,
            offset + (c * h + y) * w,
            w);
      }
    }
  }

  // Rows are short (28 floats and less) and there are many of them: calls to System.arraycopy and
  // Arrays.fill per row cost more than the floats they move.

  private static void zero(float[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      a[i] = 0f;
    }
  }

  /** Copies n floats between distinct arrays; a ragged end by one vector overlapping the last. */
  private static void copyRow(float[] src, int s, float[] dst, int d, int n) {
    VectorSpecies<Float> sp = Lanes.jvmSpecies();
    int l = sp.length();
    if (n < l) {
      for (int i = 0; i < n; i++) {
        dst[d + i] = src[s + i];
      }
      return;
    }
    int i = 0;
    for (; i + l <= n; i += l) {
      FloatVector.fromArray(sp, src, s + i).intoArray(dst, d + i);
    }
    if (i < n) {
      FloatVector.fromArray(sp, src, s + n - l).intoArray(dst, d + n - l);
    }
  }
}
