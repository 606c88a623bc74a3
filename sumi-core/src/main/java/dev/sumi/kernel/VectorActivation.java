package dev.sumi.kernel;

/**
 * Which activations vector code applies lane-wise. Those code paths write ReLU as {@code
 * v.blend(0f, v.compare(GT, 0f).not())} and leaky ReLU as {@code v.blend(v.mul(alpha),
 * v.compare(GT, 0f).not())} in place, the same float arithmetic as the scalar definitions (NaN and
 * -0 give +0), rather than calling a helper: a vector passed to a call the JIT does not inline is
 * boxed on the heap, and the JIT declines even tiny callees at call sites its profile shows as
 * rarely taken, such as an activation in an epilogue that most products skip. Steady-state training
 * then allocated on every step.
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
}
