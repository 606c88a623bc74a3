package dev.sumi.kernel;

/**
 * How a stride-1 convolution reads its column matrix straight from the image, without im2col: from
 * the {@link PaddedImage}, or the image itself when there is no padding. Output pixel (oy, ox)
 * becomes "wide" column {@code oy * width + ox}, so that row (c, ky, kx) of the column matrix is
 * the padded channel c read from {@code rowOffsets[row]} on, contiguous. The price is {@code width
 * - outWidth} unused columns per output row, which {@link #compact} drops and {@link #widen} fills
 * with zeros.
 */
final class TapLayout {
  final int width;

  /** Columns of the wide matrix: every output row but the last carries the unused tail. */
  final int wideColumns;

  final int[] rowOffsets;

  private TapLayout(ConvGeometry g) {
    this.width = PaddedImage.width(g);
    this.wideColumns = (g.outHeight() - 1) * width + g.outWidth();
    this.rowOffsets = PaddedImage.rowOffsets(g);
  }

  static TapLayout of(ConvGeometry g) {
    if (g.strideHeight() != 1 || g.strideWidth() != 1) {
      throw new IllegalArgumentException("TapLayout needs stride 1, got " + g + ".");
    }
    return new TapLayout(g);
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
}
