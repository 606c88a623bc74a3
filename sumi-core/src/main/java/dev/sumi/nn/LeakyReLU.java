package dev.sumi.nn;

import dev.sumi.kernel.Activation;

/** x for x > 0, alpha * x otherwise. */
public final class LeakyReLU {
  private LeakyReLU() {}

  public static ActivationLayer of(double alpha) {
    return new ActivationLayer("LeakyReLU", Activation.leakyRelu((float) alpha));
  }

  /** Slope 0.01, as in PyTorch. */
  public static ActivationLayer of() {
    return of(0.01);
  }
}
