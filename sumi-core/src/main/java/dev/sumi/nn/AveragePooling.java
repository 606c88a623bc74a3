package dev.sumi.nn;

import dev.sumi.kernel.PoolGeometry;
import dev.sumi.tensor.Tensor;

/** The kernel calls shared by {@link AvgPool2D} and {@link GlobalAvgPool2D}. */
final class AveragePooling {
  private AveragePooling() {}

  static Tensor forward(PoolGeometry g, Tensor in, Tensor out, RunContext context) {
    context.kernels().avgPool2dForward(g, in.batch(), in.data(), out.data());
    return out;
  }

  static Tensor backward(PoolGeometry g, Tensor gradOutput, Tensor gradIn, RunContext context) {
    context.kernels().avgPool2dBackward(g, gradOutput.batch(), gradOutput.data(), gradIn.data());
    return gradIn;
  }
}
