package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import dev.sumi.tensor.Tensor;

/** Max pooling over square windows (stride defaults to the window size). */
public final class MaxPool2D extends Pool2D<MaxPool2D> {
  private int[] argmax = new int[0];
  // The previous layer's activation, applied here to the pooled values (see ActivationSinking).
  private Activation activation = Activation.NONE;

  private MaxPool2D(int size) {
    super(size);
  }

  public static MaxPool2D of(int size) {
    return new MaxPool2D(size);
  }

  @Override
  public String type() {
    return "MaxPool2D";
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    Tensor out = output(in.batch());
    if (argmax.length < out.size()) {
      argmax = new int[out.size()];
    }
    context.kernels().maxPool2dForward(geometry(), in.batch(), in.data(), out.data(), argmax);
    if (activation != Activation.NONE) {
      context.kernels().activationForward(activation, out.size(), out.data(), out.data());
    }
    return out;
  }

  /** Applies {@code activation} to the pooled values, forward and backward. */
  void applyActivation(Activation activation) {
    this.activation = activation;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    Tensor gradIn = gradInput(gradOutput.batch());
    if (activation != Activation.NONE) {
      float[] g = gradOutput.data();
      float[] out = output(gradOutput.batch()).data();
      context.kernels().activationBackward(activation, gradOutput.size(), out, g, g);
    }
    context
        .kernels()
        .maxPool2dBackward(
            geometry(), gradOutput.batch(), gradOutput.data(), argmax, gradIn.data());
    return gradIn;
  }

  static MaxPool2D fromConfig(Configs.Reader c) {
    int size = c.integer("size");
    return of(size).stride(c.integer("stride", size));
  }
}
