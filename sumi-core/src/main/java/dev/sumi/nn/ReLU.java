package dev.sumi.nn;

import dev.sumi.kernel.Activation;

/** max(0, x). */
public final class ReLU {
  private ReLU() {}

  public static ActivationLayer of() {
    return new ActivationLayer("ReLU", Activation.RELU);
  }
}
