package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Map;

/**
 * Softmax over the features of each example. Not needed before the cross-entropy loss, which fuses
 * it; useful when a model should output probabilities itself.
 */
public final class Softmax extends AbstractLayer {
  private Softmax() {}

  public static Softmax of() {
    return new Softmax();
  }

  @Override
  public String type() {
    return "Softmax";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    if (in.rank() != 1) {
      throw shapeError(in, "a flat vector of scores");
    }
    return in;
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    Tensor out = output(in.batch());
    context.kernels().softmax(in.batch(), inputShape().size(), in.data(), out.data());
    return out;
  }

  /** dx_i = y_i * (dy_i - sum_j dy_j * y_j). */
  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    int n = gradOutput.batch();
    int k = inputShape().size();
    float[] y = output(n).data();
    float[] g = gradOutput.data();
    Tensor gradIn = gradInput(n);
    float[] d = gradIn.data();
    for (int b = 0; b < n; b++) {
      int o = b * k;
      float dot = 0f;
      for (int j = 0; j < k; j++) {
        dot += g[o + j] * y[o + j];
      }
      for (int j = 0; j < k; j++) {
        d[o + j] = y[o + j] * (g[o + j] - dot);
      }
    }
    return gradIn;
  }

  @Override
  public long flops() {
    return 3L * inputShape().size();
  }

  @Override
  public Map<String, Object> config() {
    return Map.of();
  }
}
