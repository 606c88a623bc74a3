package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import java.util.Locale;
import java.util.SplittableRandom;

/** Weight initialisation schemes. Biases always start at zero. */
public enum Init {
  /** He (Kaiming) uniform: U(-sqrt(6 / fanIn), +sqrt(6 / fanIn)); suited to ReLU. */
  HE,
  /**
   * Glorot (Xavier) uniform: U(-sqrt(6 / (fanIn + fanOut)), +...); suited to tanh, sigmoid, none.
   */
  GLOROT;

  /** He for the ReLU family, Glorot otherwise. */
  public static Init defaultFor(Activation activation) {
    return switch (activation.kind()) {
      case RELU, LEAKY_RELU -> HE;
      default -> GLOROT;
    };
  }

  public void fill(float[] weights, int fanIn, int fanOut, SplittableRandom random) {
    double limit =
        switch (this) {
          case HE -> Math.sqrt(6.0 / fanIn);
          case GLOROT -> Math.sqrt(6.0 / (fanIn + fanOut));
        };
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Init fromId(String id) {
    for (Init init : values()) {
      if (init.id().equals(id)) {
        return init;
      }
    }
    throw new IllegalArgumentException(
        "Unknown initialisation '" + id + "'; expected he or glorot.");
  }
}
