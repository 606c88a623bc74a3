package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stand-alone element-wise activation. Prefer the fused form ({@code Conv2D.of(32, 3).relu()})
 * after a convolution or dense layer; use this one elsewhere.
 */
public final class ActivationLayer extends AbstractLayer {
  private final Activation activation;
  private final String type;
  private boolean passThrough;

  ActivationLayer(String type, Activation activation) {
    this.type = type;
    this.activation = activation;
  }

  public Activation activation() {
    return activation;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    return in;
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    if (passThrough) {
      return in;
    }
    Tensor out = output(in.batch());
    context.kernels().activationForward(activation, in.size(), in.data(), out.data());
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    if (passThrough) {
      return gradOutput;
    }
    Tensor gradIn = gradInput(gradOutput.batch());
    context
        .kernels()
        .activationBackward(
            activation,
            gradOutput.size(),
            output(gradOutput.batch()).data(),
            gradOutput.data(),
            gradIn.data());
    return gradIn;
  }

  /**
   * Hands tensors through unchanged: the layer before applies this activation; see {@link
   * ReluFusion}.
   */
  void passThrough() {
    passThrough = true;
  }

  @Override
  public long flops() {
    return inputShape().size();
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    if (activation.kind() == Activation.Kind.LEAKY_RELU) {
      c.put("alpha", (double) activation.alpha());
    }
    return c;
  }
}
