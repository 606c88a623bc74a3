package dev.sumi.nn;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 2-D convolution over (channels, height, width) inputs with square kernels, an optional bias and
 * an optional fused activation. Weights are (filters, channels, k, k).
 */
public final class Conv2D extends ConvolutionLayer<Conv2D> {
  private final int filters;

  private Conv2D(int filters, int kernelSize) {
    super("Conv2D", kernelSize, Kernels::conv2dForward, Kernels::conv2dBackward);
    if (filters < 1) {
      throw new IllegalArgumentException("Conv2D needs filters >= 1, got " + filters + ".");
    }
    this.filters = filters;
  }

  /** {@code filters} output channels, {@code kernelSize} x {@code kernelSize} kernels, stride 1. */
  public static Conv2D of(int filters, int kernelSize) {
    return new Conv2D(filters, kernelSize);
  }

  @Override
  public String type() {
    return "Conv2D";
  }

  @Override
  int outChannels(int inChannels) {
    return filters;
  }

  @Override
  protected void initialize(BuildContext context) {
    int k = kernelSize();
    createParameters(
        Shape.of(filters, geometry().inChannels(), k, k),
        geometry().patchSize(),
        filters * k * k,
        filters,
        context);
  }

  @Override
  public long flops() {
    return 2L * geometry().patchSize() * geometry().outSize();
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("filters", filters);
    putConvolutionConfig(c);
    putCommonConfig(c);
    return c;
  }

  static Conv2D fromConfig(Configs.Reader c) {
    return of(c.integer("filters"), c.integer("kernel_size")).readConvolutionConfig(c);
  }
}
