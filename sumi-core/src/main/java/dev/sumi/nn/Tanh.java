package dev.sumi.nn;

import dev.sumi.kernel.Activation;

/** Hyperbolic tangent. */
public final class Tanh {
  private Tanh() {}

  public static ActivationLayer of() {
    return new ActivationLayer("Tanh", Activation.TANH);
  }
}
