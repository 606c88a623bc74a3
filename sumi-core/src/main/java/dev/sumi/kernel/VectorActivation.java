package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Activation} on whole vectors, with the same float arithmetic as the scalar definitions
 * (sigmoid and tanh use the vector library's exp and tanh, accurate to about one ulp).
 */
final class VectorActivation {
  private VectorActivation() {}

  /** f(x) lane-wise. */
  static FloatVector apply(Activation activation, FloatVector x) {
    return switch (activation.kind()) {
      case NONE -> x;
      case RELU -> x.blend(0f, x.compare(VectorOperators.GT, 0f).not());
      case LEAKY_RELU ->
          x.blend(x.mul(activation.alpha()), x.compare(VectorOperators.GT, 0f).not());
      case SIGMOID -> x.broadcast(1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
      case TANH -> x.lanewise(VectorOperators.TANH);
    };
  }

  /** f'(x) lane-wise, from the forward output y = f(x). */
  static FloatVector derivativeFromOutput(Activation activation, FloatVector y) {
    return switch (activation.kind()) {
      case NONE -> y.broadcast(1f);
      case RELU -> y.broadcast(0f).blend(1f, y.compare(VectorOperators.GT, 0f));
      case LEAKY_RELU ->
          y.broadcast(activation.alpha()).blend(1f, y.compare(VectorOperators.GT, 0f));
      case SIGMOID -> y.mul(y.broadcast(1f).sub(y));
      case TANH -> y.broadcast(1f).sub(y.mul(y));
    };
  }
}
