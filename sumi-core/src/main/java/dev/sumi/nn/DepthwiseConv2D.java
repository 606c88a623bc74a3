package dev.sumi.nn;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own {@code depthMultiplier}
 * square kernels and no other channel (PyTorch's {@code groups = channels}). Input channel c gives
 * output channels {@code c * m} to {@code c * m + m - 1}. Weights are (channels * m, 1, k, k).
 */
public final class DepthwiseConv2D extends ConvolutionLayer<DepthwiseConv2D> {
  private int depthMultiplier = 1;

  private DepthwiseConv2D(int kernelSize) {
    super(
        "DepthwiseConv2D",
        kernelSize,
        Kernels::depthwiseConv2dForward,
        Kernels::depthwiseConv2dBackward);
  }

  /** {@code kernelSize} x {@code kernelSize} kernels, one per channel, stride 1, valid padding. */
  public static DepthwiseConv2D of(int kernelSize) {
    return new DepthwiseConv2D(kernelSize);
  }

  /** Output channels per input channel (default 1). */
  public DepthwiseConv2D depthMultiplier(int multiplier) {
    if (multiplier < 1) {
      throw new IllegalArgumentException(
          "DepthwiseConv2D depth multiplier must be >= 1, got " + multiplier + ".");
    }
    this.depthMultiplier = multiplier;
    return this;
  }

  @Override
  public String type() {
    return "DepthwiseConv2D";
  }

  @Override
  int outChannels(int inChannels) {
    return inChannels * depthMultiplier;
  }

  @Override
  protected void initialize(BuildContext context) {
    int k = kernelSize();
    int taps = k * k;
    createParameters(
        Shape.of(geometry().outChannels(), 1, k, k),
        taps,
        depthMultiplier * taps,
        geometry().outChannels(),
        context);
  }

  @Override
  public long flops() {
    return 2L * kernelSize() * kernelSize() * geometry().outSize();
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    putConvolutionConfig(c);
    c.put("depth_multiplier", depthMultiplier);
    putCommonConfig(c);
    return c;
  }

  static DepthwiseConv2D fromConfig(Configs.Reader c) {
    return of(c.integer("kernel_size"))
        .depthMultiplier(c.integer("depth_multiplier", 1))
        .readConvolutionConfig(c);
  }
}
