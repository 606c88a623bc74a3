package dev.sumi.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

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
  /** The widest vector in floats: maps are padded to whole vectors of any species. */
  private static final int MAX_LANES = 16;

  /** Floats past {@link #paddedSize} that {@link #pad} may write (with zeros). */
  static final int PAD_SLACK = MAX_LANES;

  private final int stride;
  final int height;
  final int width;
  final int padTop;
  final int padLeft;

  /** Columns of the wide matrix: every output row but the last carries the unused tail. */
  final int wideColumns;

  final int[] rowOffsets;

  /**
   * Strided layouts only: for each float of one channel's phase planes (rounded up to whole
   * vectors), the pixel of the channel's image it holds, or the pixel count for padding (a zero
   * placed after the image).
   */
  private final int[] splitMap;

  /** Strided layouts only: for each pixel of a channel's image, its float in the phase planes. */
  private final int[] cropMap;

  private final Lanes lanes;

  private TapLayout(ConvGeometry g, Lanes lanes) {
    this.lanes = lanes;
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
    if (s == 1) {
      splitMap = null;
      cropMap = null;
      return;
    }
    int pixels = g.inHeight() * g.inWidth();
    int planes = planesPerChannel();
    splitMap = new int[Math.ceilDiv(planes, MAX_LANES) * MAX_LANES];
    Arrays.fill(splitMap, pixels);
    cropMap = new int[pixels];
    for (int y = 0; y < g.inHeight(); y++) {
      for (int x = 0; x < g.inWidth(); x++) {
        int py = (y + padTop) % s;
        int px = (x + padLeft) % s;
        int at = plane(0, py, px) + (y + padTop) / s * width + (x + padLeft) / s;
        splitMap[at] = y * g.inWidth() + x;
        cropMap[y * g.inWidth() + x] = at;
      }
    }
  }

  private int planesPerChannel() {
    return stride * stride * height * width;
  }

  /**
   * True for the convolutions this layout serves: stride 1, or the same stride both ways with a
   * kernel wider than it (a strided 1x1 kernel would split planes it never reads).
   */
  static boolean supports(ConvGeometry g) {
    int s = g.strideHeight();
    return s == g.strideWidth() && (s == 1 || (g.kernelHeight() > 1 && g.kernelWidth() > 1));
  }

  static TapLayout of(ConvGeometry g, Lanes lanes) {
    if (!supports(g)) {
      throw new IllegalArgumentException(
          "TapLayout needs equal strides and, when strided, a kernel wider than 1, got " + g + ".");
    }
    return new TapLayout(g, lanes);
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
    return g.inChannels() * planesPerChannel();
  }

  /**
   * dst = the image at in[inOffset ..] in zero-padded (phase) planes; up to {@link #PAD_SLACK}
   * floats past them may be overwritten. A strided split stages each channel in {@code staging} (at
   * least one float more than a channel's pixels).
   */
  void pad(ConvGeometry g, float[] in, int inOffset, float[] dst, float[] staging) {
    int h = g.inHeight();
    int w = g.inWidth();
    if (stride != 1) {
      split(g, in, inOffset, dst, staging);
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
   * dst = the image at in[inOffset ..] split into phase planes, by gathers through {@link
   * #splitMap} from a copy of each channel followed by a zero.
   */
  private void split(ConvGeometry g, float[] in, int inOffset, float[] dst, float[] staging) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int pixels = g.inHeight() * g.inWidth();
    int planes = planesPerChannel();
    staging[pixels] = 0f;
    for (int c = 0; c < g.inChannels(); c++) {
      System.arraycopy(in, inOffset + c * pixels, staging, 0, pixels);
      int d = c * planes;
      for (int i = 0; i < planes; i += l) {
        FloatVector.fromArray(sp, staging, 0, splitMap, i).intoArray(dst, d + i);
      }
    }
  }

  /** gradIn[offset ..] = the image's pixels of the padded (phase) planes' gradient. */
  void crop(ConvGeometry g, float[] padded, float[] gradIn, int offset) {
    int h = g.inHeight();
    int w = g.inWidth();
    if (stride == 1) {
      for (int c = 0; c < g.inChannels(); c++) {
        for (int y = 0; y < h; y++) {
          System.arraycopy(
              padded,
              plane(c, 0, 0) + (padTop + y) * width + padLeft,
              gradIn,
              offset + (c * h + y) * w,
              w);
        }
      }
      return;
    }
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int pixels = h * w;
    int gathered = pixels / l * l;
    for (int c = 0; c < g.inChannels(); c++) {
      int src = c * planesPerChannel();
      int dst = offset + c * pixels;
      for (int j = 0; j < gathered; j += l) {
        FloatVector.fromArray(sp, padded, src, cropMap, j).intoArray(gradIn, dst + j);
      }
      for (int j = gathered; j < pixels; j++) {
        gradIn[dst + j] = padded[src + cropMap[j]];
      }
    }
  }
}
