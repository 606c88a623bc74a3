package dev.sumi.nn;

import dev.sumi.kernel.ConvGeometry;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * 2-D convolution over (channels, height, width) inputs with square kernels, an optional bias and
 * an optional fused activation. Weights are (filters, channels, k, k).
 */
public final class Conv2D extends WeightedLayer<Conv2D> {
  private final int filters;
  private final int kernelSize;
  private int stride = 1;
  private boolean same;
  private ConvGeometry geometry;
  private Tensor input;

  private Conv2D(int filters, int kernelSize) {
    if (filters < 1 || kernelSize < 1) {
      throw new IllegalArgumentException(
          "Conv2D needs filters >= 1 and kernel size >= 1, got "
              + filters
              + " and "
              + kernelSize
              + ".");
    }
    this.filters = filters;
    this.kernelSize = kernelSize;
  }

  /** {@code filters} output channels, {@code kernelSize} x {@code kernelSize} kernels, stride 1. */
  public static Conv2D of(int filters, int kernelSize) {
    return new Conv2D(filters, kernelSize);
  }

  public Conv2D stride(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException("Conv2D stride must be >= 1, got " + stride + ".");
    }
    this.stride = stride;
    return this;
  }

  /** Zero padding so that the output is ceil(input / stride) in each direction. */
  public Conv2D same() {
    this.same = true;
    return this;
  }

  /** No padding (the default). */
  public Conv2D valid() {
    this.same = false;
    return this;
  }

  @Override
  public String type() {
    return "Conv2D";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    if (in.rank() != 3) {
      throw shapeError(in, "(channels, height, width)");
    }
    if (!same && (in.dim(1) < kernelSize || in.dim(2) < kernelSize)) {
      throw shapeError(
          in, "height and width of at least the kernel size " + kernelSize + " for valid padding");
    }
    geometry = ConvGeometry.of(in.dim(0), in.dim(1), in.dim(2), filters, kernelSize, stride, same);
    return Shape.of(filters, geometry.outHeight(), geometry.outWidth());
  }

  @Override
  protected void initialize(BuildContext context) {
    createParameters(
        Shape.of(filters, geometry.inChannels(), kernelSize, kernelSize),
        geometry.patchSize(),
        filters * kernelSize * kernelSize,
        filters,
        context);
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    input = in;
    Tensor out = output(in.batch());
    context
        .kernels()
        .conv2dForward(
            geometry,
            in.batch(),
            in.data(),
            weights().value(),
            biasValue(),
            activation(),
            out.data());
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    int n = gradOutput.batch();
    float[] g = preActivationGradient(gradOutput, context);
    Tensor gradIn = inputGradient() ? gradInput(n) : null;
    context
        .kernels()
        .conv2dBackward(
            geometry,
            n,
            input.data(),
            weights().value(),
            g,
            gradIn == null ? null : gradIn.data(),
            weights().grad(),
            biasGrad());
    return gradIn;
  }

  @Override
  public long flops() {
    return 2L * geometry.patchSize() * geometry.outSize();
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("filters", filters);
    c.put("kernel_size", kernelSize);
    c.put("stride", stride);
    c.put("padding", same ? "same" : "valid");
    putCommonConfig(c);
    return c;
  }

  static Conv2D fromConfig(Configs.Reader c) {
    Conv2D conv = of(c.integer("filters"), c.integer("kernel_size")).stride(c.integer("stride", 1));
    String padding = c.string("padding", "valid");
    switch (padding) {
      case "same" -> conv.same();
      case "valid" -> conv.valid();
      default ->
          throw new IllegalArgumentException(
              "Conv2D padding '" + padding + "' is unknown; expected valid or same.");
    }
    return conv.readCommonConfig(c);
  }
}
