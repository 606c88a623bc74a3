package dev.sumi.nn;

import dev.sumi.tensor.Shape;

/**
 * A trainable array and its gradient. {@code decay} says whether weight decay applies (weights yes,
 * biases no).
 */
public record Parameter(String name, Shape shape, float[] value, float[] grad, boolean decay) {

  public static Parameter of(String name, Shape shape, boolean decay) {
    return new Parameter(name, shape, new float[shape.size()], new float[shape.size()], decay);
  }

  public int size() {
    return value.length;
  }
}
