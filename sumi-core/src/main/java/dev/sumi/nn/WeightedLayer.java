package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A layer with a weight array, an optional bias and an optional fused activation: the common part
 * of {@link Conv2D} and {@link Dense}. {@code L} is the concrete type, so that the fluent setters
 * return it.
 */
public abstract class WeightedLayer<L extends WeightedLayer<L>> extends AbstractLayer {
  private boolean useBias = true;
  private Activation activation = Activation.NONE;
  private boolean activationDeferred;
  private Init init;
  private Parameter weights;
  private Parameter bias;

  @SuppressWarnings("unchecked")
  private L self() {
    return (L) this;
  }

  /** Fuses an activation into this layer's output. */
  public L activation(Activation activation) {
    this.activation = activation;
    return self();
  }

  public L relu() {
    return activation(Activation.RELU);
  }

  public L noBias() {
    this.useBias = false;
    return self();
  }

  /** Weight initialisation; default He for the ReLU family, Glorot otherwise. */
  public L init(Init init) {
    this.init = init;
    return self();
  }

  public Activation activation() {
    return activation;
  }

  /**
   * The activation this layer applies when it runs: its own, or none once a following max pool has
   * taken it over ({@link ActivationSinking}).
   */
  protected final Activation appliedActivation() {
    return activationDeferred ? Activation.NONE : activation;
  }

  /** Leaves this layer's activation to the next layer and returns it. */
  final Activation deferActivation() {
    activationDeferred = true;
    return activation;
  }

  /** Creates the weights (initialised for the given fans) and the zero bias. */
  protected final void createParameters(
      Shape weightShape, int fanIn, int fanOut, int biasSize, BuildContext context) {
    weights = Parameter.of("weights", weightShape, true);
    (init != null ? init : Init.defaultFor(activation))
        .fill(weights.value(), fanIn, fanOut, context.random());
    if (useBias) {
      bias = Parameter.of("bias", Shape.of(biasSize), false);
    }
  }

  protected final Parameter weights() {
    return weights;
  }

  protected final float[] biasValue() {
    return bias == null ? null : bias.value();
  }

  protected final float[] biasGrad() {
    return bias == null ? null : bias.grad();
  }

  /**
   * Turns the gradient with respect to the output into the gradient with respect to the
   * pre-activation, in place.
   */
  protected final float[] preActivationGradient(Tensor gradOutput, RunContext context) {
    float[] g = gradOutput.data();
    Activation applied = appliedActivation();
    if (applied != Activation.NONE) {
      context
          .kernels()
          .activationBackward(applied, gradOutput.size(), output(gradOutput.batch()).data(), g, g);
    }
    return g;
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

  /** Adds bias, activation and init to a configuration map. */
  protected final void putCommonConfig(Map<String, Object> config) {
    config.put("bias", useBias);
    Layers.putActivation(config, activation);
    if (init != null) {
      config.put("init", init.id());
    }
  }

  /** Reads what {@link #putCommonConfig} wrote. */
  final L readCommonConfig(Configs.Reader c) {
    if (!c.bool("bias", true)) {
      noBias();
    }
    activation(c.activation());
    c.optionalString("init").map(Init::fromId).ifPresent(this::init);
    return self();
  }
}
