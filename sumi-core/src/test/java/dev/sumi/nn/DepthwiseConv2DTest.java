package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DepthwiseConv2DTest {

  @Test
  void shapesParametersAndFlops() {
    DepthwiseConv2D valid = built(DepthwiseConv2D.of(3).depthMultiplier(2), Shape.of(4, 10, 10));
    assertEquals(Shape.of(8, 8, 8), valid.outputShape());
    assertEquals(8 * 9 + 8, valid.parameters().stream().mapToInt(Parameter::size).sum());
    assertEquals(2L * 9 * 8 * 8 * 8, valid.flops());
    DepthwiseConv2D strided = built(DepthwiseConv2D.of(3).same().stride(2), Shape.of(3, 7, 7));
    assertEquals(Shape.of(3, 4, 4), strided.outputShape());
  }

  /** A depthwise convolution is a full one whose filters are zero outside their own channel. */
  @Test
  void equalsConv2DWithBlockDiagonalWeights() {
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.best(2)}) {
      for (int stride = 1; stride <= 2; stride++) {
        Shape shape = Shape.of(3, 9, 8);
        DepthwiseConv2D depthwise =
            built(DepthwiseConv2D.of(3).same().stride(stride).depthMultiplier(2), shape);
        Conv2D full = built(Conv2D.of(6, 3).same().stride(stride), shape);
        float[] dw = depthwise.parameters().get(0).value();
        float[] fw = full.parameters().get(0).value();
        Arrays.fill(fw, 0f);
        for (int o = 0; o < 6; o++) {
          System.arraycopy(dw, o * 9, fw, (o * 3 + o / 2) * 9, 9);
        }
        float[] bias = depthwise.parameters().get(1).value();
        for (int o = 0; o < 6; o++) {
          bias[o] = 0.1f * o - 0.2f;
        }
        System.arraycopy(bias, 0, full.parameters().get(1).value(), 0, 6);
        Tensor x = random(shape, 5, 1);
        RunContext context = RunContext.training(kernels, 0);
        float[] want = full.forward(x, context).toArray();
        float[] got = depthwise.forward(x, context).toArray();
        assertArrayEquals(want, got, 1e-5f, kernels.name() + " stride " + stride);
      }
    }
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    Shape shape = Shape.of(6, 14, 14);
    Tensor x = random(shape, 9, 2);
    Tensor g = random(Shape.of(12, 14, 14), 9, 3);
    float[][] one = run(shape, x, g, Kernels.best(1));
    float[][] two = run(shape, x, g, Kernels.best(2));
    for (int i = 0; i < one.length; i++) {
      assertArrayEquals(one[i], two[i], "result " + i);
    }
  }

  private static float[][] run(Shape shape, Tensor x, Tensor g, Kernels kernels) {
    DepthwiseConv2D layer = built(DepthwiseConv2D.of(3).same().depthMultiplier(2).relu(), shape);
    RunContext context = RunContext.training(kernels, 0);
    float[] out = layer.forward(x, context).toArray();
    float[] gradIn = layer.backward(new Tensor(g.shape(), g.toArray()), context).toArray();
    return new float[][] {
      out,
      gradIn,
      layer.parameters().get(0).grad().clone(),
      layer.parameters().get(1).grad().clone()
    };
  }

  @Test
  void shapeErrorsNameTheLayerAndTheExpectation() {
    ShapeException flat =
        assertThrows(ShapeException.class, () -> built(DepthwiseConv2D.of(3), Shape.of(10)));
    assertEquals(
        "DepthwiseConv2D cannot take input of shape (10): expected (channels, height, width).",
        flat.getMessage());
    ShapeException small =
        assertThrows(ShapeException.class, () -> built(DepthwiseConv2D.of(5), Shape.of(2, 4, 9)));
    assertEquals(
        "DepthwiseConv2D cannot take input of shape (2, 4, 9): expected height and width of at"
            + " least the kernel size 5 for valid padding.",
        small.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.of(0));
    assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.of(3).depthMultiplier(0));
  }

  @Test
  void configurationRecreatesTheLayer() {
    DepthwiseConv2D layer =
        DepthwiseConv2D.of(5).same().stride(2).depthMultiplier(3).relu().noBias().init(Init.HE);
    assertEquals(layer.config(), Layers.fromConfig("DepthwiseConv2D", layer.config()).config());
  }

  static <L extends Layer> L built(L layer, Shape shape) {
    layer.build(shape, new BuildContext(new SplittableRandom(7), true));
    return layer;
  }

  static Tensor random(Shape shape, int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[batch * shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextDouble(-1, 1);
    }
    return new Tensor(shape.withBatch(batch), data);
  }
}
