package dev.sumi.loss;

import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;

/** Losses by name, and checks they share. */
public final class Losses {
  private Losses() {}

  public static Loss byName(String name) {
    return switch (name) {
      case "cross_entropy" -> new SoftmaxCrossEntropy();
      case "mse" -> new MeanSquaredError();
      default ->
          throw new IllegalArgumentException(
              "Unknown loss '" + name + "'; expected cross_entropy or mse.");
    };
  }

  /** {@code current} if it holds examples shaped like {@code like}'s, else a new buffer. */
  static TensorBuffer reuse(TensorBuffer current, Tensor like) {
    return current != null && like.shape().isBatchOf(current.exampleShape())
        ? current
        : new TensorBuffer(like.shape().withoutBatch());
  }

  static void checkSameShape(Loss loss, Tensor prediction, Tensor target) {
    if (!prediction.shape().equals(target.shape())) {
      throw new IllegalArgumentException(
          "Loss "
              + loss.name()
              + " got predictions of shape "
              + prediction.shape()
              + " but targets of shape "
              + target.shape()
              + "; they must match.");
    }
  }
}
