package dev.sumi.kernel;

/**
 * An element-wise activation that kernels can fuse into the write-back of a convolution or dense
 * layer. Every derivative is computed from the activation's output, so backward needs only what
 * forward produced.
 */
public record Activation(Kind kind, float alpha) {
  /** The supported functions. */
  public enum Kind {
    NONE,
    RELU,
    LEAKY_RELU,
    SIGMOID,
    TANH
  }

  public static final Activation NONE = new Activation(Kind.NONE, 0f);
  public static final Activation RELU = new Activation(Kind.RELU, 0f);
  public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0f);
  public static final Activation TANH = new Activation(Kind.TANH, 0f);

  /** Leaky ReLU with slope {@code alpha} for negative inputs (alpha in [0, 1)). */
  public static Activation leakyRelu(float alpha) {
    if (!(alpha >= 0f && alpha < 1f)) {
      throw new IllegalArgumentException(
          "LeakyReLU slope " + alpha + " is out of range; expected 0 <= slope < 1.");
    }
    return new Activation(Kind.LEAKY_RELU, alpha);
  }

  /** f(x). */
  public float apply(float x) {
    return switch (kind) {
      case NONE -> x;
      case RELU -> x > 0f ? x : 0f;
      case LEAKY_RELU -> x > 0f ? x : alpha * x;
      case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
      case TANH -> (float) Math.tanh(x);
    };
  }

  /** f'(x) expressed through y = f(x). */
  public float derivativeFromOutput(float y) {
    return switch (kind) {
      case NONE -> 1f;
      case RELU -> y > 0f ? 1f : 0f;
      case LEAKY_RELU -> y > 0f ? 1f : alpha;
      case SIGMOID -> y * (1f - y);
      case TANH -> 1f - y * y;
    };
  }

  /** Lower-case name as used in model files, e.g. {@code relu}. */
  public String id() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The activation named by {@link #id()} (with {@code alpha} for leaky ReLU). */
  public static Activation fromId(String id, float alpha) {
    for (Kind k : Kind.values()) {
      if (k.name().toLowerCase(java.util.Locale.ROOT).equals(id)) {
        return k == Kind.LEAKY_RELU ? leakyRelu(alpha) : new Activation(k, 0f);
      }
    }
    throw new IllegalArgumentException(
        "Unknown activation '" + id + "'; expected none, relu, leaky_relu, sigmoid or tanh.");
  }
}
