package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Shared plumbing of the built-in merge layers: build-once guard, shapes, output buffer. */
abstract class AbstractMerge implements MergeLayer {
  private List<Shape> inputShapes;
  private Shape outputShape;
  private TensorBuffer output;

  @Override
  public final Shape build(List<Shape> inputs, BuildContext context) {
    if (inputShapes != null) {
      throw new IllegalStateException(
          type() + " is already built for inputs " + inputShapes + "; create a new layer instead.");
    }
    if (inputs.size() < 2) {
      throw new ShapeException(type() + " needs at least two inputs, got " + inputs.size() + ".");
    }
    Shape out = computeOutputShape(inputs);
    inputShapes = List.copyOf(inputs);
    outputShape = out;
    output = new TensorBuffer(out);
    return out;
  }

  /** The output shape for these input shapes, or a {@link ShapeException} naming them. */
  protected abstract Shape computeOutputShape(List<Shape> inputs);

  final List<Shape> inputShapes() {
    if (inputShapes == null) {
      throw new IllegalStateException(type() + " is not built yet; build the model first.");
    }
    return inputShapes;
  }

  @Override
  public final Shape outputShape() {
    inputShapes();
    return outputShape;
  }

  final Tensor output(int batch) {
    return output.get(batch);
  }

  /** Checks the number of inputs, that they share a batch size and fit the built shapes. */
  final void checkInputs(Tensor[] inputs) {
    List<Shape> shapes = inputShapes();
    boolean ok = inputs.length == shapes.size();
    for (int i = 0; ok && i < inputs.length; i++) {
      ok = inputs[i].shape().isBatchOf(shapes.get(i)) && inputs[i].batch() == inputs[0].batch();
    }
    if (!ok) {
      throw new ShapeException(
          type()
              + " was built for batches of examples of shapes "
              + shapes
              + " but got tensors of shapes "
              + Arrays.stream(inputs)
                  .map(t -> t.shape().toString())
                  .collect(Collectors.joining(", ", "[", "]"))
              + ".");
    }
  }

  static String describe(List<Shape> shapes) {
    return shapes.stream().map(Shape::toString).collect(Collectors.joining(", "));
  }

  @Override
  public Map<String, Object> config() {
    return Map.of();
  }

  @Override
  public String toString() {
    return type() + config();
  }
}
