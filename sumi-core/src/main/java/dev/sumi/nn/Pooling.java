package dev.sumi.nn;

import dev.sumi.kernel.PoolGeometry;
import dev.sumi.tensor.Shape;

/** Shape checks shared by the pooling layers. */
final class Pooling {
  private Pooling() {}

  static PoolGeometry geometry(AbstractLayer layer, Shape in, int size, int stride) {
    if (in.rank() != 3) {
      throw layer.shapeError(in, "(channels, height, width)");
    }
    if (in.dim(1) < size || in.dim(2) < size) {
      throw layer.shapeError(in, "height and width of at least the window size " + size);
    }
    return PoolGeometry.of(in.dim(0), in.dim(1), in.dim(2), size, stride);
  }
}
