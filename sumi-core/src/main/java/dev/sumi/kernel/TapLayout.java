package dev.sumi.kernel;

import java.util.Arrays;

/**
 * How a stride-1 convolution reads its column matrix straight from the image, without im2col. The
 * image is zero-padded into a (height x width) plane per channel (or used as it is when there is no
 * padding); output pixel (oy, ox) becomes "wide" column {@code oy * width + ox}, so that row (c,
 * ky, kx) of the column matrix is the padded image read from {@code rowOffsets[row]} on,
 * contiguous. The price is {@code width - outWidth} unused columns per output row, which {@link
 * #compact} drops and {@link #widen} fills with zeros.
 */
final class TapLayout {
  final int height;
  final int width;
  final int padTop;
  final int padLeft;

  /** Columns of the wide matrix: every output row but the last carries the unused tail. */
  final int wideColumns;

  final int[] rowOffsets;

  private TapLayout(ConvGeometry g) {
    this.padTop = g.padTop();
    this.padLeft = g.padLeft();
    this.height = Math.max(g.inHeight() + padTop, g.outHeight() - 1 + g.kernelHeight());
    this.width = Math.max(g.inWidth() + padLeft, g.outWidth() - 1 + g.kernelWidth());
    this.wideColumns = (g.outHeight() - 1) * width + g.outWidth();
    this.rowOffsets = new int[g.patchSize()];
    int row = 0;
    for (int c = 0; c < g.inChannels(); c++) {
      for (int ky = 0; ky < g.kernelHeight(); ky++) {
        for (int kx = 0; kx < g.kernelWidth(); kx++) {
          rowOffsets[row++] = (c * height + ky) * width + kx;
        }
      }
    }
  }

  /** True for the convolutions this layout serves: stride 1. */
  static boolean supports(ConvGeometry g) {
    return g.strideHeight() == 1 && g.strideWidth() == 1;
  }

  static TapLayout of(ConvGeometry g) {
    if (!supports(g)) {
      throw new IllegalArgumentException("TapLayout needs stride 1, got " + g + ".");
    }
    return new TapLayout(g);
  }

  /** True when the image must be copied into a padded plane; otherwise it is read in place. */
  boolean padded(ConvGeometry g) {
    return height != g.inHeight() || width != g.inWidth();
  }

  int paddedSize(ConvGeometry g) {
    return g.inChannels() * height * width;
  }

  /** dst = the image at in[inOffset ..] in zero-padded planes. */
  void pad(ConvGeometry g, float[] in, int inOffset, float[] dst) {
    int h = g.inHeight();
    int w = g.inWidth();
    for (int c = 0; c < g.inChannels(); c++) {
      int plane = c * height * width;
      Arrays.fill(dst, plane, plane + padTop * width, 0f);
      for (int y = 0; y < h; y++) {
        int d = plane + (padTop + y) * width;
        for (int x = 0; x < padLeft; x++) {
          dst[d + x] = 0f;
        }
        System.arraycopy(in, inOffset + (c * h + y) * w, dst, d + padLeft, w);
        for (int x = padLeft + w; x < width; x++) {
          dst[d + x] = 0f;
        }
      }
      Arrays.fill(dst, plane + (padTop + h) * width, plane + height * width, 0f);
    }
  }

  /** out[outOffset ..] (channels, outHeight, outWidth) = the wide matrix without unused columns. */
  void compact(ConvGeometry g, float[] wide, float[] out, int outOffset) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    for (int f = 0; f < g.outChannels(); f++) {
      for (int y = 0; y < oh; y++) {
        System.arraycopy(wide, f * wideColumns + y * width, out, outOffset + (f * oh + y) * ow, ow);
      }
    }
  }

  /**
   * wide = the gradient at grad[offset ..] spread onto wide columns, a channel every {@code ld}
   * floats ({@code ld >= wideColumns}); unused columns and those past wideColumns are zero.
   */
  void widen(ConvGeometry g, float[] grad, int offset, float[] wide, int ld) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    for (int f = 0; f < g.outChannels(); f++) {
      for (int y = 0; y < oh; y++) {
        int d = f * ld + y * width;
        System.arraycopy(grad, offset + (f * oh + y) * ow, wide, d, ow);
        int end = y < oh - 1 ? d + width : f * ld + ld;
        for (int x = d + ow; x < end; x++) {
          wide[x] = 0f;
        }
      }
    }
  }

  /** gradIn[offset ..] = the interior of the padded-plane gradient. */
  void crop(ConvGeometry g, float[] padded, float[] gradIn, int offset) {
    int h = g.inHeight();
    int w = g.inWidth();
    for (int c = 0; c < g.inChannels(); c++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(
            padded,
            (c * height + padTop + y) * width + padLeft,
            gradIn,
            offset + (c * h + y) * w,
            w);
      }
    }
  }
}
