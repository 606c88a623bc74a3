package dev.sumi.nn;

import dev.sumi.kernel.Activation;

/** 1 / (1 + exp(-x)). */
public final class Sigmoid {
  private Sigmoid() {}

  public static ActivationLayer of() {
    return new ActivationLayer("Sigmoid", Activation.SIGMOID);
  }
}
