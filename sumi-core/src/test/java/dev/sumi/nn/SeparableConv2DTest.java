package dev.sumi.nn;

import static dev.sumi.nn.DepthwiseConv2DTest.built;
import static dev.sumi.nn.DepthwiseConv2DTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeparableConv2DTest {

  @Test
  void equalsDepthwiseThenPointwise() {
    Shape shape = Shape.of(3, 8, 8);
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.best(2)}) {
      SeparableConv2D separable =
          built(SeparableConv2D.of(5, 3).same().stride(2).depthMultiplier(2).relu(), shape);
      DepthwiseConv2D depthwise =
          built(DepthwiseConv2D.of(3).same().stride(2).depthMultiplier(2).noBias(), shape);
      Conv2D pointwise = built(Conv2D.of(5, 1).relu(), depthwise.outputShape());
      List<Parameter> mine = separable.parameters();
      List<Parameter> theirs =
          List.of(
              depthwise.parameters().get(0),
              pointwise.parameters().get(0),
              pointwise.parameters().get(1));
      assertEquals(theirs.size(), mine.size());
      for (int i = 0; i < mine.size(); i++) {
        assertEquals(theirs.get(i).shape(), mine.get(i).shape());
        System.arraycopy(mine.get(i).value(), 0, theirs.get(i).value(), 0, mine.get(i).size());
      }
      Tensor x = random(shape, 4, 1);
      Tensor g = random(separable.outputShape(), 4, 2);
      RunContext context = RunContext.training(kernels, 0);
      assertArrayEquals(
          pointwise.forward(depthwise.forward(x, context), context).toArray(),
          separable.forward(x, context).toArray());
      float[] want =
          depthwise
              .backward(pointwise.backward(new Tensor(g.shape(), g.toArray()), context), context)
              .toArray();
      float[] got = separable.backward(new Tensor(g.shape(), g.toArray()), context).toArray();
      assertArrayEquals(want, got);
      for (int i = 0; i < mine.size(); i++) {
        assertArrayEquals(theirs.get(i).grad(), mine.get(i).grad(), "gradient " + i);
      }
    }
  }

  @Test
  void shapesParametersAndFlops() {
    SeparableConv2D layer = built(SeparableConv2D.of(16, 3), Shape.of(8, 10, 10));
    assertEquals(Shape.of(16, 8, 8), layer.outputShape());
    assertEquals(8 * 9 + 16 * 8 + 16, layer.parameters().stream().mapToInt(Parameter::size).sum());
    assertEquals(2L * 9 * 8 * 8 * 8 + 2L * 8 * 16 * 8 * 8, layer.flops());
  }

  @Test
  void shapeErrorsNameTheSeparableLayer() {
    ShapeException e =
        assertThrows(ShapeException.class, () -> built(SeparableConv2D.of(4, 3), Shape.of(12)));
    assertEquals(
        "SeparableConv2D cannot take input of shape (12): expected (channels, height, width).",
        e.getMessage());
    SeparableConv2D layer = built(SeparableConv2D.of(4, 3), Shape.of(2, 5, 5));
    ShapeException wrongBatch =
        assertThrows(
            ShapeException.class,
            () -> layer.forward(Tensor.zeros(1, 3, 5, 5), RunContext.inference(Kernels.scalar())));
    assertEquals(
        "SeparableConv2D was built for examples of shape (2, 5, 5) but got a batch of shape (1,"
            + " 3, 5, 5).",
        wrongBatch.getMessage());
    assertThrows(IllegalStateException.class, () -> SeparableConv2D.of(4, 3).outputShape());
  }

  @Test
  void configurationRecreatesTheLayer() {
    SeparableConv2D layer =
        SeparableConv2D.of(8, 5).same().stride(2).depthMultiplier(2).relu().noBias();
    assertEquals(layer.config(), Layers.fromConfig("SeparableConv2D", layer.config()).config());
  }
}
