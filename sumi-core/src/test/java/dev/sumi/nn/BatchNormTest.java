package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchNormTest {
  private static final double EPSILON = 1e-5;

  static Stream<Kernels> kernels() {
    return Stream.of(Kernels.scalar(), Kernels.best(2));
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void trainingNormalisesImagesPerChannelWithBatchStatistics(Kernels kernels) {
    checkTrainingOutput(Shape.of(3, 5, 5), 4, kernels);
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void trainingNormalisesFeaturesWithBatchStatistics(Kernels kernels) {
    checkTrainingOutput(Shape.of(6), 5, kernels);
  }

  private static void checkTrainingOutput(Shape shape, int batch, Kernels kernels) {
    BatchNorm bn = built(BatchNorm.of(), shape);
    int channels = shape.dim(0);
    int spatial = shape.size() / channels;
    float[] gamma = bn.parameters().get(0).value();
    float[] beta = bn.parameters().get(1).value();
    for (int c = 0; c < channels; c++) {
      gamma[c] = 0.5f + c;
      beta[c] = 0.25f - 0.5f * c;
    }
    Tensor x = randomBatch(shape, batch, 11);
    float[] out = bn.forward(x, RunContext.training(kernels, 1)).toArray();
    double[][] stats = statistics(x.data(), batch, channels, spatial);
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < channels; c++) {
        for (int s = 0; s < spatial; s++) {
          int i = (b * channels + c) * spatial + s;
          double expected =
              gamma[c] * (x.data()[i] - stats[0][c]) / Math.sqrt(stats[1][c] + EPSILON) + beta[c];
          assertEquals(expected, out[i], 1e-5 * (1 + Math.abs(expected)), "output " + i);
        }
      }
    }
  }

  @Test
  void runningStatisticsFollowTheMomentumUpdate() {
    Shape shape = Shape.of(2, 3, 3);
    int batch = 4;
    int count = batch * 9;
    BatchNorm bn = built(BatchNorm.of().momentum(0.25), shape);
    float[] runningMean = bn.state().get(0).value();
    float[] runningVariance = bn.state().get(1).value();
    assertArrayEquals(new float[] {0f, 0f}, runningMean);
    assertArrayEquals(new float[] {1f, 1f}, runningVariance);
    double[] mean = {0, 0};
    double[] variance = {1, 1};
    for (int step = 0; step < 3; step++) {
      Tensor x = randomBatch(shape, batch, 100 + step);
      bn.forward(x, RunContext.training(Kernels.scalar(), step));
      double[][] stats = statistics(x.data(), batch, 2, 9);
      for (int c = 0; c < 2; c++) {
        mean[c] = 0.75 * mean[c] + 0.25 * stats[0][c];
        variance[c] = 0.75 * variance[c] + 0.25 * stats[1][c] * count / (count - 1);
        assertEquals(mean[c], runningMean[c], 1e-6, "running mean after step " + step);
        assertEquals(variance[c], runningVariance[c], 1e-5, "running variance after step " + step);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void inferenceUsesRunningStatisticsAndLeavesThemAlone(Kernels kernels) {
    Shape shape = Shape.of(2, 4, 4);
    int batch = 3;
    BatchNorm bn = built(BatchNorm.of(), shape);
    float[] gamma = {1.5f, -0.5f};
    float[] beta = {0.2f, 1f};
    float[] runningMean = {0.5f, -1f};
    float[] runningVariance = {4f, 0.25f};
    System.arraycopy(gamma, 0, bn.parameters().get(0).value(), 0, 2);
    System.arraycopy(beta, 0, bn.parameters().get(1).value(), 0, 2);
    System.arraycopy(runningMean, 0, bn.state().get(0).value(), 0, 2);
    System.arraycopy(runningVariance, 0, bn.state().get(1).value(), 0, 2);
    Tensor x = randomBatch(shape, batch, 5);
    float[] out = bn.forward(x, RunContext.inference(kernels)).toArray();
    double largestGap = 0;
    float[] trainingOut =
        built(BatchNorm.of(), shape).forward(x, RunContext.training(kernels, 0)).toArray();
    for (int i = 0; i < out.length; i++) {
      int c = (i / 16) % 2;
      double expected =
          gamma[c] * (x.data()[i] - runningMean[c]) / Math.sqrt(runningVariance[c] + EPSILON)
              + beta[c];
      assertEquals(expected, out[i], 1e-5 * (1 + Math.abs(expected)), "output " + i);
      largestGap = Math.max(largestGap, Math.abs(out[i] - trainingOut[i]));
    }
    assertTrue(largestGap > 0.1, "inference output should differ from batch statistics");
    assertArrayEquals(runningMean, bn.state().get(0).value());
    assertArrayEquals(runningVariance, bn.state().get(1).value());
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void inferenceBackwardMatchesFiniteDifferences(Kernels kernels) {
    GradientCheck.check(BatchNorm.of(), Shape.of(3, 5, 5), 3, kernels, 17, false);
    GradientCheck.check(BatchNorm.of(), Shape.of(7), 3, kernels, 18, false);
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    // Large enough for the fast kernels to split the work over threads.
    for (Shape shape : List.of(Shape.of(8, 17, 17), Shape.of(130))) {
      int batch = shape.rank() == 1 ? 300 : 16;
      Tensor x = randomBatch(shape, batch, 3);
      Tensor gradOut = randomBatch(shape, batch, 4);
      float[][] one = run(shape, x, gradOut, Kernels.best(1));
      float[][] two = run(shape, x, gradOut, Kernels.best(2));
      float[][] again = run(shape, x, gradOut, Kernels.best(2));
      for (int i = 0; i < one.length; i++) {
        assertArrayEquals(one[i], two[i], shape + " result " + i + ", 1 vs 2 threads");
        assertArrayEquals(two[i], again[i], shape + " result " + i + ", repeated");
      }
    }
  }

  /** Output, input gradient, gamma and beta gradients, and running statistics of one step. */
  private static float[][] run(Shape shape, Tensor x, Tensor gradOut, Kernels kernels) {
    BatchNorm bn = BatchNorm.of();
    bn.build(shape, new BuildContext(new SplittableRandom(0), true));
    RunContext context = RunContext.training(kernels, 0);
    float[] out = bn.forward(x, context).toArray();
    float[] gradIn = bn.backward(new Tensor(gradOut.shape(), gradOut.toArray()), context).toArray();
    return new float[][] {
      out,
      gradIn,
      bn.parameters().get(0).grad().clone(),
      bn.parameters().get(1).grad().clone(),
      bn.state().get(0).value().clone(),
      bn.state().get(1).value().clone()
    };
  }

  @Test
  void rejectsShapesWithoutChannels() {
    ShapeException e =
        assertThrows(ShapeException.class, () -> built(BatchNorm.of(), Shape.of(4, 5)));
    assertEquals(
        "BatchNorm cannot take input of shape (4, 5): expected (features) or (channels, height,"
            + " width).",
        e.getMessage());
    BatchNorm bn = built(BatchNorm.of(), Shape.of(3, 4, 4));
    ShapeException wrongBatch =
        assertThrows(
            ShapeException.class,
            () -> bn.forward(Tensor.zeros(2, 4, 4, 4), RunContext.inference(Kernels.scalar())));
    assertEquals(
        "BatchNorm was built for examples of shape (3, 4, 4) but got a batch of shape (2, 4, 4,"
            + " 4).",
        wrongBatch.getMessage());
  }

  @Test
  void rejectsInvalidSettings() {
    assertThrows(IllegalArgumentException.class, () -> BatchNorm.of().momentum(0));
    assertThrows(IllegalArgumentException.class, () -> BatchNorm.of().momentum(1.5));
    assertThrows(IllegalArgumentException.class, () -> BatchNorm.of().epsilon(0));
  }

  @Test
  void configurationRecreatesTheLayer() {
    BatchNorm bn = BatchNorm.of().momentum(0.01).epsilon(1e-3);
    Layer copy = Layers.fromConfig("BatchNorm", bn.config());
    assertEquals(bn.config(), copy.config());
    assertEquals(0.01, (Double) bn.config().get("momentum"), 1e-9);
    assertEquals(1e-3, (Double) bn.config().get("epsilon"), 1e-9);
  }

  @Test
  void countsTwoParametersAndTwoStateValuesPerChannel() {
    BatchNorm bn = built(BatchNorm.of(), Shape.of(5, 3, 3));
    assertEquals(List.of("gamma", "beta"), bn.parameters().stream().map(Parameter::name).toList());
    assertEquals(10, bn.parameters().stream().mapToInt(Parameter::size).sum());
    assertEquals(
        List.of("running_mean", "running_variance"),
        bn.state().stream().map(StateTensor::name).toList());
    assertEquals(2L * 5 * 9, bn.flops());
  }

  private static BatchNorm built(BatchNorm bn, Shape shape) {
    bn.build(shape, new BuildContext(new SplittableRandom(0), true));
    return bn;
  }

  private static Tensor randomBatch(Shape shape, int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[batch * shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextDouble(-1, 1) * 2 + 0.5);
    }
    return new Tensor(shape.withBatch(batch), data);
  }

  /** Per-channel mean and biased variance, in double precision. */
  private static double[][] statistics(float[] x, int batch, int channels, int spatial) {
    double[][] stats = new double[2][channels];
    int count = batch * spatial;
    for (int c = 0; c < channels; c++) {
      double sum = 0;
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < spatial; s++) {
          sum += x[(b * channels + c) * spatial + s];
        }
      }
      double mean = sum / count;
      double squares = 0;
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < spatial; s++) {
          double d = x[(b * channels + c) * spatial + s] - mean;
          squares += d * d;
        }
      }
      stats[0][c] = mean;
      stats[1][c] = squares / count;
    }
    return stats;
  }
}
