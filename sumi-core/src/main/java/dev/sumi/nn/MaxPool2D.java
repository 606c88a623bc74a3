package dev.sumi.nn;

import dev.sumi.kernel.PoolGeometry;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Max pooling over square windows (stride defaults to the window size). */
public final class MaxPool2D extends AbstractLayer {
  private final int size;
  private int stride;
  private PoolGeometry geometry;
  private int[] argmax = new int[0];

  private MaxPool2D(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("MaxPool2D window must be >= 1, got " + size + ".");
    }
    this.size = size;
    this.stride = size;
  }

  public static MaxPool2D of(int size) {
    return new MaxPool2D(size);
  }

  public MaxPool2D stride(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException("MaxPool2D stride must be >= 1, got " + stride + ".");
    }
    this.stride = stride;
    return this;
  }

  @Override
  public String type() {
    return "MaxPool2D";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    geometry = Pooling.geometry(this, in, size, stride);
    return Shape.of(in.dim(0), geometry.outHeight(), geometry.outWidth());
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    int n = in.batch();
    Tensor out = output(n);
    if (argmax.length < out.size()) {
      argmax = new int[out.size()];
    }
    context.kernels().maxPool2dForward(geometry, n, in.data(), out.data(), argmax);
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    int n = gradOutput.batch();
    Tensor gradIn = gradInput(n);
    context.kernels().maxPool2dBackward(geometry, n, gradOutput.data(), argmax, gradIn.data());
    return gradIn;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("size", size);
    c.put("stride", stride);
    return c;
  }

  static MaxPool2D fromConfig(Configs.Reader c) {
    int size = c.integer("size");
    return of(size).stride(c.integer("stride", size));
  }
}
