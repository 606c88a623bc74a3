package dev.sumi.nn;

import dev.sumi.kernel.PoolGeometry;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Average pooling over square windows (stride defaults to the window size). */
public final class AvgPool2D extends AbstractLayer {
  private final int size;
  private int stride;
  private PoolGeometry geometry;

  private AvgPool2D(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("AvgPool2D window must be >= 1, got " + size + ".");
    }
    this.size = size;
    this.stride = size;
  }

  public static AvgPool2D of(int size) {
    return new AvgPool2D(size);
  }

  public AvgPool2D stride(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException("AvgPool2D stride must be >= 1, got " + stride + ".");
    }
    this.stride = stride;
    return this;
  }

  @Override
  public String type() {
    return "AvgPool2D";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    geometry = Pooling.geometry(this, in, size, stride);
    return Shape.of(in.dim(0), geometry.outHeight(), geometry.outWidth());
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    Tensor out = output(in.batch());
    context.kernels().avgPool2dForward(geometry, in.batch(), in.data(), out.data());
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    Tensor gradIn = gradInput(gradOutput.batch());
    context
        .kernels()
        .avgPool2dBackward(geometry, gradOutput.batch(), gradOutput.data(), gradIn.data());
    return gradIn;
  }

  @Override
  public long flops() {
    return (long) geometry.inSize();
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("size", size);
    c.put("stride", stride);
    return c;
  }

  static AvgPool2D fromConfig(Configs.Reader c) {
    int size = c.integer("size");
    return of(size).stride(c.integer("stride", size));
  }
}
