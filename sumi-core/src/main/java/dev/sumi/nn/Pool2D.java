package dev.sumi.nn;

import dev.sumi.kernel.PoolGeometry;
import dev.sumi.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pooling over square windows without padding (stride defaults to the window size): the common part
 * of {@link MaxPool2D} and {@link AvgPool2D}.
 */
public abstract class Pool2D<L extends Pool2D<L>> extends AbstractLayer {
  private final int size;
  private int stride;
  private PoolGeometry geometry;

  Pool2D(int size) {
    if (size < 1) {
      throw new IllegalArgumentException(type() + " window must be >= 1, got " + size + ".");
    }
    this.size = size;
    this.stride = size;
  }

  @SuppressWarnings("unchecked")
  public L stride(int stride) {
    if (stride < 1) {
      throw new IllegalArgumentException(type() + " stride must be >= 1, got " + stride + ".");
    }
    this.stride = stride;
    return (L) this;
  }

  protected final PoolGeometry geometry() {
    return geometry;
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    if (in.rank() != 3) {
      throw shapeError(in, "(channels, height, width)");
    }
    if (in.dim(1) < size || in.dim(2) < size) {
      throw shapeError(in, "height and width of at least the window size " + size);
    }
    geometry = PoolGeometry.of(in.dim(0), in.dim(1), in.dim(2), size, stride);
    return Shape.of(in.dim(0), geometry.outHeight(), geometry.outWidth());
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("size", size);
    c.put("stride", stride);
    return c;
  }
}
