package dev.sumi.nn;

import dev.sumi.kernel.ConvGeometry;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own {@code depthMultiplier}
 * square kernels and no other channel (PyTorch's {@code groups = channels}). Input channel c gives
 * output channels {@code c * m} to {@code c * m + m - 1}. Weights are (channels * m, 1, k, k).
 */
public final class DepthwiseConv2D extends WeightedLayer<DepthwiseConv2D> {
  private final int kernelSize;
  private int stride = 1;
  private boolean same;
  private int depthMultiplier = 1;
  private ConvGeometry geometry;
  private Tensor input;

  private DepthwiseConv2D(int kernelSize) {
    if (kernelSize < 1) {
      throw new IllegalArgumentException(
          "DepthwiseConv2D needs kernel size >= 1, got " + kernelSize + ".");
    }
    this.kernelSize = kernelSize;
  }

  /** {@code kernelSize} x {@code kernelSize} kernels, one per channel, stride 1, valid padding. */
  public static DepthwiseConv2D of(int kernelSize) {
    return new DepthwiseConv2D(kernelSize);
  }

  public DepthwiseConv2D stride(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException(
          "DepthwiseConv2D stride must be >= 1, got " + stride + ".");
    }
    this.stride = stride;
    return this;
  }

  /** Zero padding so that the output is ceil(input / stride) in each direction. */
  public DepthwiseConv2D same() {
    this.same = true;
    return this;
  }

  /** No padding (the default). */
  public DepthwiseConv2D valid() {
    this.same = false;
    return this;
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
  protected Shape computeOutputShape(Shape in) {
    geometry = geometry(in, kernelSize, stride, same, depthMultiplier, this::shapeError);
    return Shape.of(geometry.outChannels(), geometry.outHeight(), geometry.outWidth());
  }

  /** Checks a (channels, height, width) input and returns its depthwise geometry. */
  static ConvGeometry geometry(
      Shape in,
      int kernelSize,
      int stride,
      boolean same,
      int multiplier,
      BiFunction<Shape, String, ShapeException> error) {
    if (in.rank() != 3) {
      throw error.apply(in, "(channels, height, width)");
    }
    if (!same && (in.dim(1) < kernelSize || in.dim(2) < kernelSize)) {
      throw error.apply(
          in, "height and width of at least the kernel size " + kernelSize + " for valid padding");
    }
    return ConvGeometry.of(
        in.dim(0), in.dim(1), in.dim(2), in.dim(0) * multiplier, kernelSize, stride, same);
  }

  @Override
  protected void initialize(BuildContext context) {
    int taps = kernelSize * kernelSize;
    createParameters(
        Shape.of(geometry.outChannels(), 1, kernelSize, kernelSize),
        taps,
        depthMultiplier * taps,
        geometry.outChannels(),
        context);
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    input = in;
    Tensor out = output(in.batch());
    context
        .kernels()
        .depthwiseConv2dForward(
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
        .depthwiseConv2dBackward(
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
    return 2L * kernelSize * kernelSize * geometry.outSize();
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("kernel_size", kernelSize);
    c.put("stride", stride);
    c.put("padding", same ? "same" : "valid");
    c.put("depth_multiplier", depthMultiplier);
    putCommonConfig(c);
    return c;
  }

  static DepthwiseConv2D fromConfig(Configs.Reader c) {
    DepthwiseConv2D conv =
        of(c.integer("kernel_size"))
            .stride(c.integer("stride", 1))
            .depthMultiplier(c.integer("depth_multiplier", 1));
    if (c.padding()) {
      conv.same();
    }
    return conv.readCommonConfig(c);
  }
}
