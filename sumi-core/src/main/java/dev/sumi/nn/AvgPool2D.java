package dev.sumi.nn;

import dev.sumi.tensor.Tensor;

/** Average pooling over square windows (stride defaults to the window size). */
public final class AvgPool2D extends Pool2D<AvgPool2D> {

  private AvgPool2D(int size) {
    super(size);
  }

  public static AvgPool2D of(int size) {
    return new AvgPool2D(size);
  }

  @Override
  public String type() {
    return "AvgPool2D";
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    return AveragePooling.forward(geometry(), in, output(in.batch()), context);
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    return AveragePooling.backward(geometry(), gradOutput, gradInput(gradOutput.batch()), context);
  }

  @Override
  public long flops() {
    return geometry().inSize();
  }

  static AvgPool2D fromConfig(Configs.Reader c) {
    int size = c.integer("size");
    return of(size).stride(c.integer("stride", size));
  }
}
