package dev.sumi.tensor;

/**
 * A reusable batch tensor of a fixed per-example shape. The array grows only when a larger batch
 * arrives, so a training loop allocates nothing after its first steps.
 */
public final class TensorBuffer {
  private final Shape exampleShape;
  private float[] data = new float[0];
  private Tensor view;

  public TensorBuffer(Shape exampleShape) {
    this.exampleShape = exampleShape;
  }

  public Shape exampleShape() {
    return exampleShape;
  }

  /** A tensor of shape (batch, exampleShape...) over the reused array. */
  public Tensor get(int batch) {
    if (view == null || view.batch() != batch) {
      int needed = batch * exampleShape.size();
      if (data.length < needed) {
        data = new float[needed];
      }
      view = new Tensor(exampleShape.withBatch(batch), data);
    }
    return view;
  }
}
