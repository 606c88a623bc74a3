package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inverted dropout: while training, zeroes each value with probability {@code rate} and scales the
 * survivors by 1 / (1 - rate); at inference it passes its input through unchanged.
 */
public final class Dropout extends AbstractLayer {
  private final float rate;
  private float[] mask = new float[0];
  private boolean active;

  private Dropout(float rate) {
    if (!(rate >= 0f && rate < 1f)) {
      throw new IllegalArgumentException(
          "Dropout rate " + rate + " is out of range; expected 0 <= rate < 1.");
    }
    this.rate = rate;
  }

  public static Dropout of(double rate) {
    return new Dropout((float) rate);
  }

  @Override
  public String type() {
    return "Dropout";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    return in;
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    active = context.training() && rate > 0f;
    if (!active) {
      return in;
    }
    int size = in.size();
    if (mask.length < size) {
      mask = new float[size];
    }
    Tensor out = output(in.batch());
    context.kernels().dropout(size, rate, context.random().nextLong(), in.data(), mask, out.data());
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    if (!active) {
      return gradOutput;
    }
    Tensor gradIn = gradInput(gradOutput.batch());
    float[] g = gradOutput.data();
    float[] d = gradIn.data();
    for (int i = 0, n = gradOutput.size(); i < n; i++) {
      d[i] = g[i] * mask[i];
    }
    return gradIn;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    // The float's shortest decimal: 0.4, not 0.4000000059604645.
    c.put("rate", Double.parseDouble(Float.toString(rate)));
    return c;
  }

  static Dropout fromConfig(Configs.Reader c) {
    return of(c.number("rate", 0.5f));
  }
}
