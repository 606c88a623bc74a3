package dev.sumi.nn;

import dev.sumi.tensor.Shape;

/**
 * A layer's non-trainable state, such as BatchNorm's running statistics: saved and loaded with the
 * model, but never touched by optimizers (PyTorch calls these buffers).
 */
public record StateTensor(String name, Shape shape, float[] value) {

  /** A zero-filled state tensor. */
  public static StateTensor of(String name, Shape shape) {
    return new StateTensor(name, shape, new float[shape.size()]);
  }

  public int size() {
    return value.length;
  }
}
