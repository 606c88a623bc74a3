package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import java.util.List;

/**
 * Joins two or more inputs along the channel axis (the first per-example dimension); the other
 * dimensions must agree. (C1, H, W) and (C2, H, W) give (C1 + C2, H, W); flat (F1) and (F2) give
 * (F1 + F2).
 */
public final class Concat extends AbstractMerge {
  private int[] sizes;
  private TensorBuffer[] gradBuffers;

  private Concat() {}

  public static Concat of() {
    return new Concat();
  }

  @Override
  public String type() {
    return "Concat";
  }

  @Override
  protected Shape computeOutputShape(List<Shape> inputs) {
    Shape first = inputs.get(0);
    int[] dims = first.dims();
    if (dims.length == 0) {
      throw new ShapeException("Concat cannot join scalars; its inputs need a channel axis.");
    }
    dims[0] = 0;
    for (Shape s : inputs) {
      boolean agree = s.rank() == first.rank();
      for (int d = 1; agree && d < s.rank(); d++) {
        agree = s.dim(d) == first.dim(d);
      }
      if (!agree) {
        throw new ShapeException(
            "Concat joins along channels, so every other dimension must agree, but got "
                + describe(inputs)
                + ".");
      }
      dims[0] += s.dim(0);
    }
    sizes = new int[inputs.size()];
    gradBuffers = new TensorBuffer[inputs.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = inputs.get(i).size();
      gradBuffers[i] = new TensorBuffer(inputs.get(i));
    }
    return Shape.of(dims);
  }

  @Override
  public Tensor forward(Tensor[] inputs, RunContext context) {
    checkInputs(inputs);
    int batch = inputs[0].batch();
    Tensor out = output(batch);
    int outSize = outputShape().size();
    float[] y = out.data();
    for (int n = 0; n < batch; n++) {
      int offset = n * outSize;
      for (int i = 0; i < inputs.length; i++) {
        System.arraycopy(inputs[i].data(), n * sizes[i], y, offset, sizes[i]);
        offset += sizes[i];
      }
    }
    return out;
  }

  @Override
  public void backward(Tensor gradOutput, RunContext context, Tensor[] gradInputs) {
    int batch = gradOutput.batch();
    int outSize = outputShape().size();
    float[] g = gradOutput.data();
    for (int i = 0; i < sizes.length; i++) {
      gradInputs[i] = gradBuffers[i].get(batch);
    }
    for (int n = 0; n < batch; n++) {
      int offset = n * outSize;
      for (int i = 0; i < sizes.length; i++) {
        System.arraycopy(g, offset, gradInputs[i].data(), n * sizes[i], sizes[i]);
        offset += sizes[i];
      }
    }
  }
}
