package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One step of a network. A layer is configured by its factory method (e.g. {@code Conv2D.of(32,
 * 3)}), then built once for an input shape, then run forward and backward on whole batches.
 *
 * <p>Forward caches what backward needs; backward returns the gradient with respect to the input
 * and writes the gradients of the layer's {@link #parameters()}. Returned tensors are buffers owned
 * by the layer and stay valid until its next forward or backward call.
 */
public interface Layer {

  /** The type name used in summaries and model files, e.g. {@code Conv2D}. */
  String type();

  /**
   * Prepares the layer for inputs of the given per-example shape (without the batch dimension) and
   * returns the per-example output shape. Throws {@link ShapeException} when the input does not
   * fit.
   */
  Shape build(Shape inputShape, BuildContext context);

  /** The per-example output shape; valid after {@link #build}. */
  Shape outputShape();

  /** Forward pass over a batch (the leading dimension of {@code input}). */
  Tensor forward(Tensor input, RunContext context);

  /** Backward pass: gradient with respect to the last forward's input. */
  Tensor backward(Tensor gradOutput, RunContext context);

  /** Trainable parameters (empty for layers without any). */
  default List<Parameter> parameters() {
    return List.of();
  }

  /**
   * Non-trainable state that a model file must keep, such as running statistics (empty for most
   * layers). Forward may update it in training mode.
   */
  default List<StateTensor> state() {
    return List.of();
  }

  /** Forward floating-point operations for one example (multiply-add counts as 2). */
  default long flops() {
    return 0;
  }

  /** Configuration that, with {@link #type()}, recreates this layer (see {@link Layers}). */
  Map<String, Object> config();
}
