package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Map;

/** Reshapes each example to a flat vector; the data is shared, not copied. */
public final class Flatten extends AbstractLayer {
  private Tensor lastIn;
  private Tensor lastOut;
  private Tensor lastGradOut;
  private Tensor lastGradIn;

  private Flatten() {}

  public static Flatten of() {
    return new Flatten();
  }

  @Override
  public String type() {
    return "Flatten";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    return Shape.of(in.size());
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    if (in != lastIn) {
      lastIn = in;
      lastOut = in.reshape(outputShape().withBatch(in.batch()));
    }
    return lastOut;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    if (gradOutput != lastGradOut) {
      lastGradOut = gradOutput;
      lastGradIn = gradOutput.reshape(inputShape().withBatch(gradOutput.batch()));
    }
    return lastGradIn;
  }

  @Override
  public Map<String, Object> config() {
    return Map.of();
  }
}
