package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import java.util.Map;

/**
 * SiLU (also called Swish): x * sigmoid(x), the activation of EfficientNet. Unlike the fusable
 * activations its derivative cannot be recovered from the output alone, so forward keeps the
 * sigmoid of each input for backward.
 */
public final class SiLU extends AbstractLayer {
  private TensorBuffer sigmoid;

  private SiLU() {}

  public static SiLU of() {
    return new SiLU();
  }

  @Override
  public String type() {
    return "SiLU";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    sigmoid = new TensorBuffer(in);
    return in;
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    Tensor out = output(in.batch());
    float[] x = in.data();
    float[] s = sigmoid.get(in.batch()).data();
    float[] y = out.data();
    int n = in.size();
    for (int i = 0; i < n; i++) {
      float si = (float) (1.0 / (1.0 + Math.exp(-x[i])));
      s[i] = si;
      y[i] = x[i] * si;
    }
    return out;
  }

  /** d/dx x s(x) = s + x s (1 - s) = s + y (1 - s). */
  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    int batch = gradOutput.batch();
    Tensor gradIn = gradInput(batch);
    float[] s = sigmoid.get(batch).data();
    float[] y = output(batch).data();
    float[] g = gradOutput.data();
    float[] gi = gradIn.data();
    int n = gradOutput.size();
    for (int i = 0; i < n; i++) {
      gi[i] = g[i] * (s[i] + y[i] * (1f - s[i]));
    }
    return gradIn;
  }

  @Override
  public long flops() {
    return inputShape().size();
  }

  @Override
  public Map<String, Object> config() {
    return Map.of();
  }
}
