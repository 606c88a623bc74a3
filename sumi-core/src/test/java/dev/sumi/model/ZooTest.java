package dev.sumi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.MaxPool2D;
import dev.sumi.nn.ShapeException;
import dev.sumi.tensor.Shape;
import org.junit.jupiter.api.Test;

class ZooTest {
  private static final Shape MNIST = Shape.of(1, 28, 28);

  @Test
  void zooModelsHaveTheDocumentedParameterCounts() {
    assertEquals(13_610, Zoo.create("seed-minimal").build(MNIST).parameterCount());
    assertEquals(61_706, Zoo.create("lenet5").build(MNIST).parameterCount());
    assertEquals(1_199_882, Zoo.create("keras-simple").build(MNIST).parameterCount());
    assertEquals(3_274_634, Zoo.create("tf-tutorial").build(MNIST).parameterCount());
  }

  @Test
  void kerasSimpleCostsAbout24MegaFlopsPerImage() {
    long flops = Zoo.create("keras-simple").build(MNIST).flops();
    // conv1 2*9*32*26*26 + conv2 2*288*64*24*24 + dense 2*9216*128 + 2*128*10 (+ pooling).
    long expected = 2L * 9 * 21632 + 2L * 288 * 36864 + 2L * 9216 * 128 + 2L * 128 * 10;
    assertEquals(expected, flops);
  }

  @Test
  void summaryListsLayersShapesAndTotals() {
    String summary = Zoo.create("lenet5").build(MNIST).summary();
    assertTrue(summary.contains("Conv2D"), summary);
    assertTrue(summary.contains("(6, 28, 28)"), summary);
    assertTrue(summary.contains("(16, 10, 10)"), summary);
    assertTrue(summary.contains("61,706"), summary);
  }

  @Test
  void buildNamesTheLayerAndBothShapesOnAMismatch() {
    var model = Sequential.of(Conv2D.of(8, 3), MaxPool2D.of(2), Dense.of(10));
    ShapeException e = assertThrows(ShapeException.class, () -> model.build(MNIST));
    assertTrue(e.getMessage().contains("Layer 3 (Dense)"), e.getMessage());
    assertTrue(e.getMessage().contains("(8, 13, 13)"), e.getMessage());
    assertTrue(e.getMessage().contains("Flatten"), e.getMessage());
  }

  @Test
  void aKernelLargerThanTheImageIsAShapeError() {
    var model = Sequential.of(Conv2D.of(8, 5));
    ShapeException e = assertThrows(ShapeException.class, () -> model.build(Shape.of(1, 4, 4)));
    assertTrue(e.getMessage().contains("(1, 4, 4)"), e.getMessage());
  }

  @Test
  void unknownZooNamesListTheKnownOnes() {
    var e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("resnet-9000"));
    assertTrue(e.getMessage().contains("resnet-9000") && e.getMessage().contains("lenet5"));
  }
}
