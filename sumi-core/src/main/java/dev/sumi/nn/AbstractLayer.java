package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;

/** Shared plumbing of the built-in layers: build-once guard, shapes and reusable buffers. */
public abstract class AbstractLayer implements Layer {
  private Shape inputShape;
  private Shape outputShape;
  private boolean inputGradient = true;
  private TensorBuffer output;
  private TensorBuffer gradInput;

  @Override
  public final Shape build(Shape input, BuildContext context) {
    if (inputShape != null) {
      throw new IllegalStateException(
          type() + " is already built for input " + inputShape + "; create a new layer instead.");
    }
    Shape out = computeOutputShape(input);
    inputShape = input;
    outputShape = out;
    inputGradient = context.inputGradient();
    output = new TensorBuffer(out);
    gradInput = new TensorBuffer(input);
    initialize(context);
    return out;
  }

  /** The output shape for an input shape, or a {@link ShapeException} naming both. */
  protected abstract Shape computeOutputShape(Shape input);

  /** Creates and initialises parameters; called once by {@link #build}. */
  protected void initialize(BuildContext context) {}

  public final Shape inputShape() {
    return requireBuilt(inputShape);
  }

  @Override
  public final Shape outputShape() {
    return requireBuilt(outputShape);
  }

  /** Whether backward must compute the gradient with respect to the input. */
  protected final boolean inputGradient() {
    return inputGradient;
  }

  /** The layer's reusable output tensor for a batch. */
  protected final Tensor output(int batch) {
    return output.get(batch);
  }

  /** The layer's reusable input-gradient tensor for a batch. */
  protected final Tensor gradInput(int batch) {
    return gradInput.get(batch);
  }

  /** Checks that forward got a batch of the built input shape. */
  protected final void checkInput(Tensor input) {
    Shape s = input.shape();
    if (!s.isBatchOf(inputShape())) {
      throw new ShapeException(
          type()
              + " was built for examples of shape "
              + inputShape
              + " but got a batch of shape "
              + s
              + ".");
    }
  }

  protected final ShapeException shapeError(Shape input, String expected) {
    return new ShapeException(
        type() + " cannot take input of shape " + input + ": expected " + expected + ".");
  }

  private <T> T requireBuilt(T value) {
    if (value == null) {
      throw new IllegalStateException(type() + " is not built yet; build the model first.");
    }
    return value;
  }

  @Override
  public String toString() {
    return type() + config();
  }
}
