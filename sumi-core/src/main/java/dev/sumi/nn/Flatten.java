package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Map;

/** Reshapes each example to a flat vector; the data is shared, not copied. */
public final class Flatten extends AbstractLayer {
  private final Views forwardViews = new Views();
  private final Views backwardViews = new Views();

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
    return forwardViews.of(in, outputShape());
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    return backwardViews.of(gradOutput, inputShape());
  }

  @Override
  public Map<String, Object> config() {
    return Map.of();
  }

  /**
   * Reshaped views of the last two distinct tensors seen. Training and evaluation feed different
   * buffers (dropout, for one, passes its input through at evaluation), and two slots keep both
   * views, so alternating between them allocates nothing.
   */
  private static final class Views {
    private final Tensor[] sources = new Tensor[2];
    private final Tensor[] views = new Tensor[2];
    private int next;

    Tensor of(Tensor source, Shape exampleShape) {
      for (int i = 0; i < 2; i++) {
        if (sources[i] == source) {
          return views[i];
        }
      }
      int slot = next;
      next = 1 - next;
      sources[slot] = source;
      views[slot] = source.reshape(exampleShape.withBatch(source.batch()));
      return views[slot];
    }
  }
}
