package dev.sumi.loss;

import dev.sumi.tensor.Tensor;

/**
 * A training objective over a batch. Targets are dense (batch, outputs) tensors: one-hot or
 * smoothed class distributions for classification, values for regression.
 */
public interface Loss {

  /** Name for logs and model files, e.g. {@code cross_entropy}. */
  String name();

  /** Mean loss over the batch; remembers what {@link #backward()} needs. */
  float forward(Tensor prediction, Tensor target);

  /** Gradient of the last {@link #forward} mean loss with respect to the prediction. */
  Tensor backward();
}
