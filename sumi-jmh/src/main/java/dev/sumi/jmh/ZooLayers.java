package dev.sumi.jmh;

import dev.sumi.kernel.Activation;
import dev.sumi.kernel.ConvGeometry;
import dev.sumi.model.Sequential;
import dev.sumi.model.Zoo;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Layer;
import dev.sumi.tensor.Shape;
import java.util.Map;

/**
 * The convolution and dense layers of the {@link Zoo} models, addressed as {@code model/convN} or
 * {@code model/denseN} (N counts layers of that type from 1), with their shapes taken from the
 * built model so that the benchmarks follow the zoo.
 */
final class ZooLayers {
  /** Batch size of every benchmark: sumi's default training batch. */
  static final int BATCH = 128;

  private static final Shape IMAGE = Shape.of(1, 28, 28);

  private ZooLayers() {}

  /** A convolution as the model runs it; the first layer of a model needs no input gradient. */
  record ConvLayer(
      ConvGeometry geometry, Activation activation, boolean bias, boolean inputGradient) {}

  /** A dense layer: inputs (batch, inFeatures), weights (outFeatures, inFeatures). */
  record DenseLayer(int inFeatures, int outFeatures) {}

  static ConvLayer conv(String id) {
    Found found = find(id, "conv", Conv2D.class);
    Conv2D conv = (Conv2D) found.layer();
    Map<String, Object> config = conv.config();
    Shape in = found.input();
    ConvGeometry geometry =
        ConvGeometry.of(
            in.dim(0),
            in.dim(1),
            in.dim(2),
            (Integer) config.get("filters"),
            (Integer) config.get("kernel_size"),
            (Integer) config.get("stride"),
            config.get("padding").equals("same"));
    return new ConvLayer(
        geometry, conv.activation(), (Boolean) config.get("bias"), found.index() > 0);
  }

  static DenseLayer dense(String id) {
    Found found = find(id, "dense", Dense.class);
    return new DenseLayer(found.input().size(), found.layer().outputShape().size());
  }

  private record Found(Layer layer, Shape input, int index) {}

  private static Found find(String id, String kind, Class<? extends Layer> type) {
    int slash = id.indexOf('/');
    if (slash < 0 || !id.startsWith(kind, slash + 1)) {
      throw new IllegalArgumentException(
          "Layer id '"
              + id
              + "' is malformed; expected model/"
              + kind
              + "N, e.g. lenet5/"
              + kind
              + "1.");
    }
    int wanted = Integer.parseInt(id.substring(slash + 1 + kind.length()));
    Sequential model = Zoo.create(id.substring(0, slash)).build(IMAGE);
    Shape input = IMAGE;
    int seen = 0;
    for (int i = 0; i < model.layers().size(); i++) {
      Layer layer = model.layers().get(i);
      if (type.isInstance(layer) && ++seen == wanted) {
        return new Found(layer, input, i);
      }
      input = layer.outputShape();
    }
    throw new IllegalArgumentException(
        "Model "
            + id.substring(0, slash)
            + " has "
            + seen
            + " "
            + kind
            + " layers, not "
            + wanted
            + ".");
  }
}
