package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** Element-wise sum of two or more inputs of one shape: the merge of a residual block. */
public final class Add extends AbstractMerge {
  private Add() {}

  public static Add of() {
    return new Add();
  }

  @Override
  public String type() {
    return "Add";
  }

  @Override
  protected Shape computeOutputShape(List<Shape> inputs) {
    Shape first = inputs.get(0);
    for (Shape s : inputs) {
      if (!s.equals(first)) {
        throw new ShapeException(
            "Add needs inputs of one shape, but got " + describe(inputs) + ".");
      }
    }
    return first;
  }

  @Override
  public Tensor forward(Tensor[] inputs, RunContext context) {
    checkInputs(inputs);
    Tensor out = output(inputs[0].batch());
    float[] y = out.data();
    int n = out.size();
    float[] a = inputs[0].data();
    float[] b = inputs[1].data();
    for (int i = 0; i < n; i++) {
      y[i] = a[i] + b[i];
    }
    for (int k = 2; k < inputs.length; k++) {
      float[] x = inputs[k].data();
      for (int i = 0; i < n; i++) {
        y[i] += x[i];
      }
    }
    return out;
  }

  @Override
  public void backward(Tensor gradOutput, RunContext context, Tensor[] gradInputs) {
    Arrays.fill(gradInputs, gradOutput);
  }

  @Override
  public long flops() {
    return (long) (inputShapes().size() - 1) * outputShape().size();
  }
}
