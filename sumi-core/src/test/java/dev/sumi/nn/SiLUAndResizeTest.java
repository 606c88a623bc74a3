package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SiLUAndResizeTest {
  private static final Kernels KERNELS = Kernels.scalar();

  private static Tensor forward(Layer layer, Shape shape, float... values) {
    layer.build(shape, new BuildContext(new SplittableRandom(1), true));
    return layer.forward(new Tensor(shape.withBatch(1), values), RunContext.inference(KERNELS));
  }

  @Test
  void siluIsXTimesSigmoidOfX() {
    float[] y = forward(SiLU.of(), Shape.of(4), -2f, 0f, 1f, 3f).toArray();
    for (int i = 0; i < 4; i++) {
      double x = new double[] {-2, 0, 1, 3}[i];
      assertEquals(x / (1 + Math.exp(-x)), y[i], 1e-6);
    }
  }

  @Test
  void siluGradientMatchesFiniteDifferences() {
    GradientCheck.check(SiLU.of(), Shape.of(3, 4, 4), 2, KERNELS, 3);
  }

  @Test
  void resizeGradientMatchesFiniteDifferencesUpAndDown() {
    GradientCheck.check(Resize.of(7, 7), Shape.of(2, 5, 5), 2, KERNELS, 4);
    GradientCheck.check(Resize.of(3, 4), Shape.of(2, 6, 5), 2, KERNELS, 5);
  }

  @Test
  void resizeToTheSameSizeIsTheIdentity() {
    float[] x = {1, 2, 3, 4, 5, 6};
    assertArrayEquals(x, forward(Resize.of(2, 3), Shape.of(1, 2, 3), x).toArray());
  }

  @Test
  void upsamplingUsesHalfPixelCentres() {
    // 2 -> 4 pixels: sample points -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    float[] y = forward(Resize.of(1, 4), Shape.of(1, 1, 2), 0f, 4f).toArray();
    assertArrayEquals(new float[] {0f, 1f, 3f, 4f}, y, 1e-6f);
  }

  @Test
  void resizeSavesItsSize() {
    Layer copy = Layers.fromConfig("Resize", Resize.of(32, 30).config());
    assertEquals(Map.of("height", 32, "width", 30), copy.config());
    assertThrows(IllegalArgumentException.class, () -> Resize.of(0, 3));
  }
}
