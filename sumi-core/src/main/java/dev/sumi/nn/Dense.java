package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fully connected layer: {@code out = act(in * W^T + b)} over flat inputs. Weights are (units,
 * inputs), as in PyTorch.
 */
public final class Dense extends WeightedLayer<Dense> {
  private final int units;
  private int inFeatures;
  private Tensor input;

  private Dense(int units) {
    if (units < 1) {
      throw new IllegalArgumentException("Dense needs at least 1 unit, got " + units + ".");
    }
    this.units = units;
  }

  public static Dense of(int units) {
    return new Dense(units);
  }

  @Override
  public String type() {
    return "Dense";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    if (in.rank() != 1) {
      throw shapeError(in, "a flat vector of features (add Flatten before Dense)");
    }
    inFeatures = in.dim(0);
    return Shape.of(units);
  }

  @Override
  protected void initialize(BuildContext context) {
    createParameters(Shape.of(units, inFeatures), inFeatures, units, units, context);
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    input = in;
    int n = in.batch();
    Tensor out = output(n);
    context
        .kernels()
        .denseForward(
            n,
            inFeatures,
            units,
            in.data(),
            weights().value(),
            biasValue(),
            appliedActivation(),
            out.data());
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    int n = gradOutput.batch();
    float[] g = preActivationGradient(gradOutput, context);
    Tensor gradIn = inputGradient() ? gradInput(n) : null;
    context
        .kernels()
        .denseBackward(
            n,
            inFeatures,
            units,
            input.data(),
            weights().value(),
            g,
            gradIn == null ? null : gradIn.data(),
            weights().grad(),
            biasGrad());
    return gradIn;
  }

  @Override
  public long flops() {
    return 2L * inFeatures * units;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("units", units);
    putCommonConfig(c);
    return c;
  }

  static Dense fromConfig(Configs.Reader c) {
    return of(c.integer("units")).readCommonConfig(c);
  }
}
