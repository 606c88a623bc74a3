package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import dev.sumi.kernel.ConvGeometry;
import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;

/**
 * What {@link Conv2D} and {@link DepthwiseConv2D} share: square kernels, stride, valid or same
 * padding, the geometry checks, and a forward and backward pass that hand the work to one pair of
 * kernels. Subclasses say how many output channels an input gives and which kernels run.
 */
public abstract class ConvolutionLayer<L extends ConvolutionLayer<L>> extends WeightedLayer<L> {
  private final int kernelSize;
  private final ForwardKernel forwardKernel;
  private final BackwardKernel backwardKernel;
  private int stride = 1;
  private boolean same;
  private ConvGeometry geometry;
  private Tensor input;

  ConvolutionLayer(
      String type, int kernelSize, ForwardKernel forwardKernel, BackwardKernel backwardKernel) {
    if (kernelSize < 1) {
      throw new IllegalArgumentException(type + " needs kernel size >= 1, got " + kernelSize + ".");
    }
    this.kernelSize = kernelSize;
    this.forwardKernel = forwardKernel;
    this.backwardKernel = backwardKernel;
  }

  @SuppressWarnings("unchecked")
  private L self() {
    return (L) this;
  }

  public L stride(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException(type() + " stride must be >= 1, got " + stride + ".");
    }
    this.stride = stride;
    return self();
  }

  /** Zero padding so that the output is ceil(input / stride) in each direction. */
  public L same() {
    this.same = true;
    return self();
  }

  /** No padding (the default). */
  public L valid() {
    this.same = false;
    return self();
  }

  final int kernelSize() {
    return kernelSize;
  }

  final ConvGeometry geometry() {
    return geometry;
  }

  /** Output channels for an input with {@code inChannels} channels. */
  abstract int outChannels(int inChannels);

  /** One of the forward kernels of {@link Kernels}, such as {@code Kernels::conv2dForward}. */
  @FunctionalInterface
  interface ForwardKernel {
    void run(
        Kernels kernels,
        ConvGeometry g,
        int batch,
        float[] in,
        float[] weights,
        float[] bias,
        Activation activation,
        float[] out);
  }

  /** One of the backward kernels of {@link Kernels}, such as {@code Kernels::conv2dBackward}. */
  @FunctionalInterface
  interface BackwardKernel {
    void run(
        Kernels kernels,
        ConvGeometry g,
        int batch,
        float[] in,
        float[] weights,
        float[] gradOut,
        float[] gradIn,
        float[] gradWeights,
        float[] gradBias);
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    geometry = geometry(in, kernelSize, stride, same, this::outChannels, this::shapeError);
    return Shape.of(geometry.outChannels(), geometry.outHeight(), geometry.outWidth());
  }

  /** Checks a (channels, height, width) input and returns the convolution's geometry. */
  static ConvGeometry geometry(
      Shape in,
      int kernelSize,
      int stride,
      boolean same,
      IntUnaryOperator outChannels,
      BiFunction<Shape, String, ShapeException> error) {
    if (in.rank() != 3) {
      throw error.apply(in, "(channels, height, width)");
    }
    if (!same && (in.dim(1) < kernelSize || in.dim(2) < kernelSize)) {
      throw error.apply(
          in, "height and width of at least the kernel size " + kernelSize + " for valid padding");
    }
    return ConvGeometry.of(
        in.dim(0),
        in.dim(1),
        in.dim(2),
        outChannels.applyAsInt(in.dim(0)),
        kernelSize,
        stride,
        same);
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    input = in;
    Tensor out = output(in.batch());
    forwardKernel.run(
        context.kernels(),
        geometry,
        in.batch(),
        in.data(),
        weights().value(),
        biasValue(),
        appliedActivation(),
        out.data());
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    int n = gradOutput.batch();
    float[] g = preActivationGradient(gradOutput, context);
    Tensor gradIn = inputGradient() ? gradInput(n) : null;
    backwardKernel.run(
        context.kernels(),
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

  /** Adds kernel size, stride and padding to a configuration map. */
  final void putConvolutionConfig(Map<String, Object> config) {
    config.put("kernel_size", kernelSize);
    config.put("stride", stride);
    config.put("padding", same ? "same" : "valid");
  }

  /** Reads the stride and padding that {@link #putConvolutionConfig} wrote, then the rest. */
  final L readConvolutionConfig(Configs.Reader c) {
    stride(c.integer("stride", 1));
    if (c.padding()) {
      same();
    }
    return readCommonConfig(c);
  }
}
