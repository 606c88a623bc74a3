package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Depthwise separable convolution, as in Keras: a {@link DepthwiseConv2D} without bias followed by
 * a pointwise (1x1) {@link Conv2D} with {@code filters} outputs, the bias and the activation. It
 * equals those two layers in sequence and is saved as one layer. Parameters are the depthwise
 * weights, then the pointwise weights and bias.
 */
public final class SeparableConv2D implements Layer {
  private final int filters;
  private final int kernelSize;
  private int stride = 1;
  private boolean same;
  private int depthMultiplier = 1;
  private boolean useBias = true;
  private Activation activation = Activation.NONE;
  private Init init;
  private DepthwiseConv2D depthwise;
  private Conv2D pointwise;
  private Shape inputShape;

  private SeparableConv2D(int filters, int kernelSize) {
    if (filters < 1 || kernelSize < 1) {
      throw new IllegalArgumentException(
          "SeparableConv2D needs filters >= 1 and kernel size >= 1, got "
              + filters
              + " and "
              + kernelSize
              + ".");
    }
    this.filters = filters;
    this.kernelSize = kernelSize;
  }

  /**
   * {@code filters} output channels from {@code kernelSize} x {@code kernelSize} depthwise taps.
   */
  public static SeparableConv2D of(int filters, int kernelSize) {
    return new SeparableConv2D(filters, kernelSize);
  }

  public SeparableConv2D stride(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException(
          "SeparableConv2D stride must be >= 1, got " + stride + ".");
    }
    this.stride = stride;
    return this;
  }

  public SeparableConv2D same() {
    this.same = true;
    return this;
  }

  public SeparableConv2D valid() {
    this.same = false;
    return this;
  }

  public SeparableConv2D depthMultiplier(int multiplier) {
    if (multiplier < 1) {
      throw new IllegalArgumentException(
          "SeparableConv2D depth multiplier must be >= 1, got " + multiplier + ".");
    }
    this.depthMultiplier = multiplier;
    return this;
  }

  /** Fuses an activation into the pointwise output. */
  public SeparableConv2D activation(Activation activation) {
    this.activation = activation;
    return this;
  }

  public SeparableConv2D relu() {
    return activation(Activation.RELU);
  }

  public SeparableConv2D noBias() {
    this.useBias = false;
    return this;
  }

  /**
   * Weight initialisation of both parts; by default Glorot for the (linear) depthwise part and He
   * or Glorot by activation for the pointwise part, as for {@link Conv2D}.
   */
  public SeparableConv2D init(Init init) {
    this.init = init;
    return this;
  }

  @Override
  public String type() {
    return "SeparableConv2D";
  }

  @Override
  public Shape build(Shape input, BuildContext context) {
    if (inputShape != null) {
      throw new IllegalStateException(
          type() + " is already built for input " + inputShape + "; create a new layer instead.");
    }
    // Checked here so that errors name this layer rather than its depthwise part.
    ConvolutionLayer.geometry(
        input,
        kernelSize,
        stride,
        same,
        channels -> channels * depthMultiplier,
        (in, expected) ->
            new ShapeException(
                type() + " cannot take input of shape " + in + ": expected " + expected + "."));
    depthwise = DepthwiseConv2D.of(kernelSize).stride(stride).depthMultiplier(depthMultiplier);
    pointwise = Conv2D.of(filters, 1).activation(activation);
    if (same) {
      depthwise.same();
    }
    if (!useBias) {
      pointwise.noBias();
    }
    depthwise.noBias();
    if (init != null) {
      depthwise.init(init);
      pointwise.init(init);
    }
    Shape mid =
        depthwise.build(input, new BuildContext(context.random().split(), context.inputGradient()));
    Shape out = pointwise.build(mid, new BuildContext(context.random().split(), true));
    inputShape = input;
    return out;
  }

  @Override
  public Shape outputShape() {
    built();
    return pointwise.outputShape();
  }

  @Override
  public Tensor forward(Tensor input, RunContext context) {
    if (!input.shape().isBatchOf(built().inputShape())) {
      throw new ShapeException(
          type()
              + " was built for examples of shape "
              + inputShape
              + " but got a batch of shape "
              + input.shape()
              + ".");
    }
    return pointwise.forward(depthwise.forward(input, context), context);
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    return depthwise.backward(pointwise.backward(gradOutput, context), context);
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>(built().parameters());
    all.addAll(pointwise.parameters());
    return all;
  }

  @Override
  public long flops() {
    return built().flops() + pointwise.flops();
  }

  private DepthwiseConv2D built() {
    if (depthwise == null) {
      throw new IllegalStateException(type() + " is not built yet; build the model first.");
    }
    return depthwise;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("filters", filters);
    c.put("kernel_size", kernelSize);
    c.put("stride", stride);
    c.put("padding", same ? "same" : "valid");
    c.put("depth_multiplier", depthMultiplier);
    c.put("bias", useBias);
    Layers.putActivation(c, activation);
    if (init != null) {
      c.put("init", init.id());
    }
    return c;
  }

  static SeparableConv2D fromConfig(Configs.Reader c) {
    SeparableConv2D conv =
        of(c.integer("filters"), c.integer("kernel_size"))
            .stride(c.integer("stride", 1))
            .depthMultiplier(c.integer("depth_multiplier", 1))
            .activation(c.activation());
    if (c.padding()) {
      conv.same();
    }
    if (!c.bool("bias", true)) {
      conv.noBias();
    }
    Optional<String> init = c.optionalString("init");
    init.map(Init::fromId).ifPresent(conv::init);
    return conv;
  }

  @Override
  public String toString() {
    return type() + config();
  }
}
