package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.List;

/**
 * A layer that combines two or more inputs into one output, such as {@link Add} and {@link Concat}.
 * It is used in a graph model ({@code Graph.add(a, b)}), not in a {@code Sequential} one, so the
 * single-input methods of {@link Layer} refuse.
 */
public interface MergeLayer extends Layer {

  /** Prepares the layer for inputs of these per-example shapes and returns the output shape. */
  Shape build(List<Shape> inputShapes, BuildContext context);

  /** Forward pass over one batch of every input, in input order. */
  Tensor forward(Tensor[] inputs, RunContext context);

  /**
   * Writes the gradient with respect to each input of the last forward into {@code gradInputs}, in
   * input order. The tensors are owned by the layer; one tensor may serve several inputs and may be
   * {@code gradOutput} itself, so callers copy before writing to them.
   */
  void backward(Tensor gradOutput, RunContext context, Tensor[] gradInputs);

  @Override
  default Shape build(Shape inputShape, BuildContext context) {
    throw new ShapeException(
        type() + " merges two or more inputs; use it in a graph model, not in a stack of layers.");
  }

  @Override
  default Tensor forward(Tensor input, RunContext context) {
    throw new IllegalStateException(type() + " needs all its inputs at once.");
  }

  @Override
  default Tensor backward(Tensor gradOutput, RunContext context) {
    throw new IllegalStateException(type() + " has a gradient for each of its inputs.");
  }
}
