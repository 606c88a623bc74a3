package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fully connected layer: {@code out = act(in * W^T + b)} over flat inputs. Weights are (units,
 * inputs), as in PyTorch.
 */
public final class Dense extends AbstractLayer {
  private final int units;
  private boolean useBias = true;
  private Activation activation = Activation.NONE;
  private Init init;

  private int inFeatures;
  private Parameter weights;
  private Parameter bias;
  private Tensor input;

  private Dense(int units) {
    if (units < 1) {
      throw new IllegalArgumentException("Dense needs at least 1 unit, got " + units + ".");
    }
    this.units = units;
  }

  public static Dense of(int units) {
    return new Dense(units);
  }

  public Dense activation(Activation activation) {
    this.activation = activation;
    return this;
  }

  public Dense relu() {
    return activation(Activation.RELU);
  }

  public Dense noBias() {
    this.useBias = false;
    return this;
  }

  public Dense init(Init init) {
    this.init = init;
    return this;
  }

  @Override
  public String type() {
    return "Dense";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    if (in.rank() != 1) {
      throw shapeError(in, "a flat vector of features (add Flatten before Dense)");
    }
    inFeatures = in.dim(0);
    return Shape.of(units);
  }

  @Override
  protected void initialize(BuildContext context) {
    weights = Parameter.of("weights", Shape.of(units, inFeatures), true);
    (init != null ? init : Init.defaultFor(activation))
        .fill(weights.value(), inFeatures, units, context.random());
    if (useBias) {
      bias = Parameter.of("bias", Shape.of(units), false);
    }
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    input = in;
    int n = in.batch();
    Tensor out = output(n);
    context
        .kernels()
        .denseForward(
            n,
            inFeatures,
            units,
            in.data(),
            weights.value(),
            bias == null ? null : bias.value(),
            activation,
            out.data());
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    int n = gradOutput.batch();
    float[] g = gradOutput.data();
    if (activation != Activation.NONE) {
      context.kernels().activationBackward(activation, gradOutput.size(), output(n).data(), g, g);
    }
    Tensor gradIn = inputGradient() ? gradInput(n) : null;
    context
        .kernels()
        .denseBackward(
            n,
            inFeatures,
            units,
            input.data(),
            weights.value(),
            g,
            gradIn == null ? null : gradIn.data(),
            weights.grad(),
            bias == null ? null : bias.grad());
    return gradIn;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> list = new ArrayList<>(2);
    list.add(weights);
    if (bias != null) {
      list.add(bias);
    }
    return list;
  }

  @Override
  public long flops() {
    return 2L * inFeatures * units;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("units", units);
    c.put("bias", useBias);
    Layers.putActivation(c, activation);
    if (init != null) {
      c.put("init", init.id());
    }
    return c;
  }

  static Dense fromConfig(Configs.Reader c) {
    Dense dense = of(c.integer("units")).activation(c.activation());
    if (!c.bool("bias", true)) {
      dense.noBias();
    }
    c.optionalString("init").map(Init::fromId).ifPresent(dense::init);
    return dense;
  }
}
