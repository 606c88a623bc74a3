package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import java.util.List;

/**
 * Fuses a ReLU into the batch normalisation before it, as in pre-activation ResNets and VGG-style
 * networks (BN, then ReLU): the normalisation writes max(0, y) in the same pass, its backward pass
 * takes the gradient as zero where that output was zero (recomputing the output from its input, so
 * nothing more is read), and the ReLU layer hands tensors through. That removes a read-write pass
 * over the activation forward and one backward; outputs and gradients are the same values. The
 * layers keep their configuration, so model files do not change. Only valid when the ReLU is the
 * normalisation's sole consumer, as its output now holds the ReLU's.
 */
public final class ReluFusion {
  private ReluFusion() {}

  /**
   * Fuses {@code next} into {@code layer} when they are a BatchNorm and a ReLU; the caller ensures
   * that next is layer's only consumer. Returns whether it did.
   */
  public static boolean fuse(Layer layer, Layer next) {
    if (layer instanceof BatchNorm bn
        && next instanceof ActivationLayer relu
        && relu.activation().kind() == Activation.Kind.RELU) {
      bn.fuseReLU();
      relu.passThrough();
      return true;
    }
    return false;
  }

  /** Fuses every (BatchNorm, ReLU) pair of a sequence of built layers. */
  public static void apply(List<? extends Layer> layers) {
    for (int i = 0; i + 1 < layers.size(); i++) {
      fuse(layers.get(i), layers.get(i + 1));
    }
  }
}
