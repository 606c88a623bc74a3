package dev.sumi.nn;

import dev.sumi.kernel.PoolGeometry;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Map;

/** Averages each channel over its whole plane: (C, H, W) to (C). */
public final class GlobalAvgPool2D extends AbstractLayer {
  private PoolGeometry geometry;

  private GlobalAvgPool2D() {}

  public static GlobalAvgPool2D of() {
    return new GlobalAvgPool2D();
  }

  @Override
  public String type() {
    return "GlobalAvgPool2D";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    if (in.rank() != 3 || in.dim(1) != in.dim(2)) {
      throw shapeError(in, "square planes (channels, size, size)");
    }
    geometry = PoolGeometry.of(in.dim(0), in.dim(1), in.dim(2), in.dim(1), in.dim(1));
    return Shape.of(in.dim(0));
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    return AveragePooling.forward(geometry, in, output(in.batch()), context);
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    return AveragePooling.backward(geometry, gradOutput, gradInput(gradOutput.batch()), context);
  }

  @Override
  public long flops() {
    return geometry.inSize();
  }

  @Override
  public Map<String, Object> config() {
    return Map.of();
  }
}
