package dev.sumi.model;

import dev.sumi.nn.ActivationSinking;
import dev.sumi.nn.BuildContext;
import dev.sumi.nn.Layer;
import dev.sumi.nn.ReluFusion;
import dev.sumi.nn.RunContext;
import dev.sumi.nn.ShapeException;
import dev.sumi.nn.StepTimes;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A plain stack of layers, each feeding the next. */
public final class Sequential extends Model {
  private final List<Layer> layers;
  private Shape inputShape;
  private Shape outputShape;

  private Sequential(List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("A Sequential model needs at least one layer.");
    }
    this.layers = List.copyOf(layers);
  }

  public static Sequential of(Layer... layers) {
    return new Sequential(List.of(layers));
  }

  public static Sequential of(List<? extends Layer> layers) {
    return new Sequential(new ArrayList<>(layers));
  }

  /** Builds every layer for per-example inputs of {@code inputShape}; weights from seed 0. */
  public Sequential build(Shape inputShape) {
    return build(inputShape, 0L);
  }

  /**
   * Builds every layer, inferring and checking shapes layer by layer, and initialises the weights
   * from {@code seed}. A shape error names the layer and both shapes.
   */
  public Sequential build(Shape inputShape, long seed) {
    if (this.inputShape != null) {
      throw new IllegalStateException("This model is already built for input " + this.inputShape);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Shape shape = inputShape;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      try {
        shape = layer.build(shape, new BuildContext(random.split(), i > 0));
      } catch (ShapeException e) {
        throw new ShapeException("Layer " + (i + 1) + " (" + layer.type() + "): " + e.getMessage());
      }
    }
    ActivationSinking.apply(layers);
    ReluFusion.apply(layers);
    this.inputShape = inputShape;
    this.outputShape = shape;
    return this;
  }

  @Override
  public Shape inputShape() {
    return requireBuilt(inputShape);
  }

  @Override
  public Shape outputShape() {
    return requireBuilt(outputShape);
  }

  private Shape requireBuilt(Shape shape) {
    if (shape == null) {
      throw new IllegalStateException("The model is not built yet; call build(inputShape) first.");
    }
    return shape;
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public Tensor forward(Tensor input, RunContext context) {
    Tensor x = input;
    StepTimes times = context.stepTimes();
    // Indexed: the layer loop runs every step, and an iterator would be garbage each time.
    for (int i = 0; i < layers.size(); i++) {
      long start = times == null ? 0 : System.nanoTime();
      x = layers.get(i).forward(x, context);
      if (times != null) {
        times.addForward(i, System.nanoTime() - start);
      }
    }
    return x;
  }

  @Override
  public void backward(Tensor gradOutput, RunContext context) {
    Tensor g = gradOutput;
    StepTimes times = context.stepTimes();
    for (int i = layers.size() - 1; i >= 0; i--) {
      long start = times == null ? 0 : System.nanoTime();
      g = layers.get(i).backward(g, context);
      if (times != null) {
        times.addBackward(i, System.nanoTime() - start);
      }
    }
  }

  @Override
  protected Map<String, Object> architecture() {
    List<Object> list = new ArrayList<>();
    for (Layer layer : layers) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", layer.type());
      entry.put("config", layer.config());
      list.add(entry);
    }
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("class", "Sequential");
    a.put("input_shape", toList(inputShape()));
    a.put("layers", list);
    return a;
  }

  static List<Object> toList(Shape shape) {
    List<Object> dims = new ArrayList<>();
    for (int d : shape.dims()) {
      dims.add(d);
    }
    return dims;
  }
}
