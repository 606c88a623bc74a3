package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumi.TestData;
import dev.sumi.data.DataSplits;
import dev.sumi.data.Datasets;
import dev.sumi.kernel.Activation;
import dev.sumi.model.Model;
import dev.sumi.model.Sequential;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.train.Fit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A convolution's ReLU moved past the max pool that follows it must train exactly as the same
 * network written with the activations as separate layers before the pools, where nothing moves.
 */
class ActivationSinkingTest {
  private static final Activation LEAKY = Activation.leakyRelu(0.1f);

  @Test
  void sunkActivationsTrainBitForBitLikeSeparateActivationLayers() {
    DataSplits mnist = Datasets.load("mnist", TestData.require("mnist"));
    Shape shape = mnist.train().sampleShape();
    Conv2D first = Conv2D.of(6, 5).init(Init.HE).same().relu();
    Conv2D second = Conv2D.of(16, 5).init(Init.HE).activation(LEAKY);
    Model sunk =
        Sequential.of(first, MaxPool2D.of(2), second, MaxPool2D.of(2), Flatten.of(), Dense.of(10))
            .build(shape, 1)
            .threads(2);
    Model separate =
        Sequential.of(
                Conv2D.of(6, 5).init(Init.HE).same(),
                ReLU.of(),
                MaxPool2D.of(2),
                Conv2D.of(16, 5).init(Init.HE),
                LeakyReLU.of(0.1),
                MaxPool2D.of(2),
                Flatten.of(),
                Dense.of(10))
            .build(shape, 1)
            .threads(2);
    assertEquals(Activation.NONE, first.appliedActivation(), "the ReLU moved to the pool");
    assertEquals(Activation.NONE, second.appliedActivation(), "the leaky ReLU moved to the pool");
    assertEquals(Activation.RELU, first.activation(), "the configuration keeps the ReLU");
    List<Parameter> from = sunk.parameters();
    List<Parameter> to = separate.parameters();
    for (int i = 0; i < from.size(); i++) {
      System.arraycopy(from.get(i).value(), 0, to.get(i).value(), 0, from.get(i).size());
    }

    for (Model model : List.of(sunk, separate)) {
      // 650 images: the last batch of 10 runs in buffers sized for 64.
      model.fit(mnist.train().subset(0, 650), Fit.epochs(1).batchSize(64).seed(3));
    }

    for (int i = 0; i < from.size(); i++) {
      assertArrayEquals(to.get(i).value(), from.get(i).value(), from.get(i).name() + " " + i);
    }
    int n = 200;
    float[] images = new float[n * shape.size()];
    mnist.test().fill(0, n, images, new int[n]);
    Tensor batch = new Tensor(shape.withBatch(n), images);
    assertArrayEquals(separate.predict(batch).toArray(), sunk.predict(batch).toArray());
  }
}
