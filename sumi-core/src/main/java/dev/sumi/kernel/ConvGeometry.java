package dev.sumi.kernel;

/**
 * Everything a kernel needs to know about one 2-D convolution of a single image: input (inChannels,
 * inHeight, inWidth), filters (outChannels, inChannels, kernelHeight, kernelWidth), output
 * (outChannels, outHeight, outWidth). Padding is given per side; cells outside the input read as
 * zero.
 */
public record ConvGeometry(
    int inChannels,
    int inHeight,
    int inWidth,
    int outChannels,
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    int padTop,
    int padLeft,
    int outHeight,
    int outWidth) {

  /** Geometry for {@code valid} (no padding) or {@code same} (output = ceil(input / stride)). */
  public static ConvGeometry of(
      int inChannels,
      int inHeight,
      int inWidth,
      int outChannels,
      int kernelSize,
      int stride,
      boolean samePadding) {
    int outH;
    int outW;
    int padTop = 0;
    int padLeft = 0;
    if (samePadding) {
      outH = (inHeight + stride - 1) / stride;
      outW = (inWidth + stride - 1) / stride;
      padTop = Math.max((outH - 1) * stride + kernelSize - inHeight, 0) / 2;
      padLeft = Math.max((outW - 1) * stride + kernelSize - inWidth, 0) / 2;
    } else {
      outH = (inHeight - kernelSize) / stride + 1;
      outW = (inWidth - kernelSize) / stride + 1;
    }
    return new ConvGeometry(
        inChannels,
        inHeight,
        inWidth,
        outChannels,
        kernelSize,
        kernelSize,
        stride,
        stride,
        padTop,
        padLeft,
        outH,
        outW);
  }

  public int inSize() {
    return inChannels * inHeight * inWidth;
  }

  public int outSize() {
    return outChannels * outHeight * outWidth;
  }

  /** Rows of the im2col matrix: inChannels * kernelHeight * kernelWidth. */
  public int patchSize() {
    return inChannels * kernelHeight * kernelWidth;
  }

  /** Columns of the im2col matrix: outHeight * outWidth. */
  public int outPixels() {
    return outHeight * outWidth;
  }

  public int weightCount() {
    return outChannels * patchSize();
  }
}
