package dev.sumi.kernel;

import java.util.Arrays;

/**
 * How a convolution reads its column matrix straight from the image, without im2col. The image is
 * zero-padded and, for stride s, split into s x s phase planes per channel (phase (py, px) holds
 * the padded pixels (y * s + py, x * s + px)), each (height x width); with stride 1 there is one
 * plane per channel, used as it is when there is no padding. Output pixel (oy, ox) becomes "wide"
 * column {@code oy * width + ox}, so that row (c, ky, kx) of the column matrix is phase (ky mod s,
 * kx mod s) of channel c read from {@code rowOffsets[row]} on, contiguous. The price is {@code
 * width - outWidth} unused columns per output row, which {@link #compact} drops and {@link #widen}
 * fills with zeros.
 */
final class TapLayout {
  final int stride;
  final int height;
  final int width;
  final int padTop;
  final int padLeft;

  /** Columns of the wide matrix: every output row but the last carries the unused tail. */
  final int wideColumns;

  final int[] rowOffsets;

  private TapLayout(ConvGeometry g) {
    int s = g.strideHeight();
    this.stride = s;
    this.padTop = g.padTop();
    this.padLeft = g.padLeft();
    int fullHeight = Math.max(g.inHeight() + padTop, (g.outHeight() - 1) * s + g.kernelHeight());
    int fullWidth = Math.max(g.inWidth() + padLeft, (g.outWidth() - 1) * s + g.kernelWidth());
    this.height = Math.ceilDiv(fullHeight, s);
    this.width = Math.ceilDiv(fullWidth, s);
    this.wideColumns = (g.outHeight() - 1) * width + g.outWidth();
    this.rowOffsets = new int[g.patchSize()];
    int row = 0;
    for (int c = 0; c < g.inChannels(); c++) {
      for (int ky = 0; ky < g.kernelHeight(); ky++) {
        for (int kx = 0; kx < g.kernelWidth(); kx++) {
          rowOffsets[row++] = plane(c, ky % s, kx % s) + (ky / s) * width + kx / s;
        }
      }
    }
  }

  /**
   * True for the convolutions this layout serves: stride 1, or the same stride both ways with a
   * kernel wider than it (a strided 1x1 kernel would split planes it never reads).
   */
  static boolean supports(ConvGeometry g) {
    int s = g.strideHeight();
    return s == g.strideWidth() && (s == 1 || (g.kernelHeight() > 1 && g.kernelWidth() > 1));
  }

  static TapLayout of(ConvGeometry g) {
    if (!supports(g)) {
      throw new IllegalArgumentException(
          "TapLayout needs equal strides and, when strided, a kernel wider than 1, got " + g + ".");
    }
    return new TapLayout(g);
  }

  /** Where phase (py, px) of channel c starts. */
  private int plane(int c, int py, int px) {
    return ((c * stride + py) * stride + px) * height * width;
  }

  /** True when the image must be copied into padded planes; otherwise it is read in place. */
  boolean padded(ConvGeometry g) {
    return stride != 1 || height != g.inHeight() || width != g.inWidth();
  }

  int paddedSize(ConvGeometry g) {
    return g.inChannels() * stride * stride * height * width;
  }

  /** dst = the image at in[inOffset ..] in zero-padded (phase) planes. */
  void pad(ConvGeometry g, float[] in, int inOffset, float[] dst) {
    int h = g.inHeight();
    int w = g.inWidth();
    if (stride != 1) {
      split(g, in, inOffset, dst);
      return;
    }
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

  /**
   * dst = the image at in[inOffset ..] split into zero-padded phase planes, written row by row: no
   * division per pixel.
   */
  private void split(ConvGeometry g, float[] in, int inOffset, float[] dst) {
    int h = g.inHeight();
    int w = g.inWidth();
    for (int c = 0; c < g.inChannels(); c++) {
      for (int py = 0; py < stride; py++) {
        for (int px = 0; px < stride; px++) {
          int plane = plane(c, py, px);
          // Phase column x reads image column x * stride + px - padLeft.
          int lo = firstInside(px - padLeft);
          int hi = Math.max(lo, Math.min(width, firstInside(px - padLeft - w)));
          for (int y = 0; y < height; y++) {
            int iy = y * stride + py - padTop;
            int d = plane + y * width;
            if (iy < 0 || iy >= h) {
              Arrays.fill(dst, d, d + width, 0f);
              continue;
            }
            int src = inOffset + (c * h + iy) * w + px - padLeft;
            for (int x = 0; x < lo; x++) {
              dst[d + x] = 0f;
            }
            for (int x = lo; x < hi; x++) {
              dst[d + x] = in[src + x * stride];
            }
            for (int x = hi; x < width; x++) {
              dst[d + x] = 0f;
            }
          }
        }
      }
    }
  }

  /** gradIn[offset ..] = the image's pixels of the padded (phase) planes' gradient. */
  void crop(ConvGeometry g, float[] padded, float[] gradIn, int offset) {
    int h = g.inHeight();
    int w = g.inWidth();
    for (int c = 0; c < g.inChannels(); c++) {
      for (int py = 0; py < stride; py++) {
        for (int px = 0; px < stride; px++) {
          int plane = plane(c, py, px);
          int lo = firstInside(px - padLeft);
          int hi = Math.max(lo, Math.min(width, firstInside(px - padLeft - w)));
          for (int y = 0; y < height; y++) {
            int iy = y * stride + py - padTop;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int src = plane + y * width;
            int dst = offset + (c * h + iy) * w + px - padLeft;
            if (stride == 1) {
              System.arraycopy(padded, src + lo, gradIn, dst + lo, hi - lo);
              continue;
            }
            for (int x = lo; x < hi; x++) {
              gradIn[dst + x * stride] = padded[src + x];
            }
          }
        }
      }
    }
  }

  /** The smallest x >= 0 with x * stride + shift >= 0. */
  private int firstInside(int shift) {
    return shift >= 0 ? 0 : Math.ceilDiv(-shift, stride);
  }
}
