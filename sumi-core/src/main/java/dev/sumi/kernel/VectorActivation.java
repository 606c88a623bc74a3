package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link Activation} on whole vectors, with the same float arithmetic as the scalar definitions.
 * Only the piecewise-linear activations are applied here (see {@link #isPiecewiseLinear}).
 */
final class VectorActivation {
  private VectorActivation() {}

  /** Whether f can be applied lane-wise bit-identically to {@link Activation#apply}. */
  static boolean isPiecewiseLinear(Activation activation) {
    return switch (activation.kind()) {
      case NONE, RELU, LEAKY_RELU -> true;
      case SIGMOID, TANH -> false;
    };
  }

  /** f(x) lane-wise, for piecewise-linear f. */
  static FloatVector apply(Activation activation, FloatVector x) {
    return switch (activation.kind()) {
      case NONE -> x;
      case RELU -> x.blend(0f, x.compare(VectorOperators.GT, 0f).not());
      case LEAKY_RELU ->
          x.blend(x.mul(activation.alpha()), x.compare(VectorOperators.GT, 0f).not());
      case SIGMOID, TANH ->
          throw new IllegalArgumentException(activation.id() + " is not applied lane-wise");
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
