package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DropoutTest {

  /** Sizes that are and are not multiples of the four draws taken from each random long. */
  @ParameterizedTest(name = "rate {0}, {1} values")
  @CsvSource({"0.25, 40000", "0.5, 40001", "0.1, 40003", "0.9, 40002"})
  void dropsAboutRateOfTheValuesAndScalesTheRest(double rate, int size) {
    Dropout dropout = Dropout.of(rate);
    Shape shape = Shape.of(size);
    dropout.build(shape, new BuildContext(new SplittableRandom(0), true));
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = 1f + i % 7;
    }
    Tensor in = Tensor.of(x, 1, size);
    float[] y = dropout.forward(in, RunContext.training(Kernels.scalar(), 3)).toArray();
    float keep = (float) (1 / (1 - rate));
    int dropped = 0;
    for (int i = 0; i < size; i++) {
      if (y[i] == 0f) {
        dropped++;
      } else {
        assertEquals(x[i] * keep, y[i], 1e-6f * y[i], "value " + i);
      }
    }
    // Binomial: four standard deviations are under 0.01 at these sizes.
    assertEquals(rate, dropped / (double) size, 0.01, "fraction dropped");
    // The last values (the tail after the whole groups of four) are dropped too, sometimes.
    int tailDropped = 0;
    for (int i = size - 2000; i < size; i++) {
      tailDropped += y[i] == 0f ? 1 : 0;
    }
    assertEquals(rate, tailDropped / 2000.0, 0.05, "fraction dropped among the last values");
  }

  @ParameterizedTest(name = "rate {0}")
  @CsvSource({"0.25", "0.5"})
  void passesValuesThroughAtInference(double rate) {
    Dropout dropout = Dropout.of(rate);
    dropout.build(Shape.of(10), new BuildContext(new SplittableRandom(0), true));
    Tensor in = Tensor.of(new float[10], 1, 10);
    assertSame(in, dropout.forward(in, RunContext.inference(Kernels.scalar())));
  }
}
