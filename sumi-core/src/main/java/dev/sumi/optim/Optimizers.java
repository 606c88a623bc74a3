package dev.sumi.optim;

/** Optimizers by name, and argument checks they share. */
public final class Optimizers {
  private Optimizers() {}

  /** {@code sgd} (momentum 0.9), {@code adam} or {@code adamw} with learning rate {@code lr}. */
  public static Optimizer byName(String name, double lr) {
    return switch (name) {
      case "sgd" -> SGD.lr(lr).momentum(0.9);
      case "adam" -> Adam.lr(lr);
      case "adamw" -> AdamW.lr(lr);
      default ->
          throw new IllegalArgumentException(
              "Unknown optimizer '" + name + "'; expected sgd, adam or adamw.");
    };
  }

  /**
   * As {@link #byName(String, double)} with weight decay {@code weightDecay} on the parameters that
   * take it (weights, not biases or BatchNorm scales and shifts): L2 for {@code sgd} and {@code
   * adam}, decoupled for {@code adamw}. A null {@code weightDecay} keeps each optimizer's default
   * (0, or 0.01 for adamw).
   */
  public static Optimizer byName(String name, double lr, Double weightDecay) {
    Optimizer optimizer = byName(name, lr);
    if (weightDecay == null) {
      return optimizer;
    }
    return switch (optimizer) {
      case SGD sgd -> sgd.weightDecay(weightDecay);
      case Adam adam -> adam.weightDecay(weightDecay);
      default -> optimizer;
    };
  }

  static float checkLearningRate(float lr) {
    if (!(lr > 0f) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException(
          "Learning rate " + lr + " is invalid; expected a finite number > 0.");
    }
    return lr;
  }

  static float checkFraction(String what, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(
          "The " + what + " " + value + " is out of range; expected 0 <= " + what + " < 1.");
    }
    return (float) value;
  }

  static float checkNonNegative(String what, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "The " + what + " " + value + " is invalid; expected a finite number >= 0.");
    }
    return (float) value;
  }
}
