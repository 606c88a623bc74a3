package dev.sumi.kernel;

/**
 * One 2-D pooling window sweep over a single image of (channels, inHeight, inWidth): window (size x
 * size), stride, no padding. Windows that would cross the border are dropped (floor mode).
 */
public record PoolGeometry(
    int channels, int inHeight, int inWidth, int size, int stride, int outHeight, int outWidth) {

  public static PoolGeometry of(int channels, int inHeight, int inWidth, int size, int stride) {
    return new PoolGeometry(
        channels,
        inHeight,
        inWidth,
        size,
        stride,
        (inHeight - size) / stride + 1,
        (inWidth - size) / stride + 1);
  }

  public int inSize() {
    return channels * inHeight * inWidth;
  }

  public int outSize() {
    return channels * outHeight * outWidth;
  }
}
