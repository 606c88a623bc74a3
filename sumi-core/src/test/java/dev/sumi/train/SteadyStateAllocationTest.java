package dev.sumi.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sumi.bench.AllocationCounter;
import dev.sumi.kernel.Kernels;
import dev.sumi.loss.SoftmaxCrossEntropy;
import dev.sumi.model.Model;
import dev.sumi.model.Sequential;
import dev.sumi.model.Zoo;
import dev.sumi.nn.AvgPool2D;
import dev.sumi.nn.BatchNorm;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.DepthwiseConv2D;
import dev.sumi.nn.Dropout;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.GlobalAvgPool2D;
import dev.sumi.nn.RunContext;
import dev.sumi.nn.SeparableConv2D;
import dev.sumi.nn.Tanh;
import dev.sumi.optim.Adam;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Once warm, a training step (forward, loss, backward, Adam) and a prediction allocate nothing on
 * the calling thread or the kernels' workers: buffers are reused and the fast kernels hand their
 * workers reusable tasks. Other threads of the test JVM (the test runner's) are not counted.
 */
class SteadyStateAllocationTest {
  private static final Shape MNIST = Shape.of(1, 28, 28);

  static Stream<Arguments> models() {
    // tf-tutorial is left to `sumi bench`, which reports its bytes per step: its 3.2 M weights
    // take too long to warm up here. preact-resnet14 is a graph with more convolutions than the
    // kernels once kept plans for.
    Stream<Arguments> zoo =
        Stream.of("seed-minimal", "lenet5", "keras-simple", "preact-resnet14")
            .map(name -> Arguments.of(name, (Supplier<Model>) () -> Zoo.build(name, MNIST, 10, 1)));
    Supplier<Model> everyLayer =
        () ->
            Sequential.of(
                    Conv2D.of(8, 3).same().relu(),
                    BatchNorm.of(),
                    DepthwiseConv2D.of(3).relu(),
                    SeparableConv2D.of(8, 3).same(),
                    Tanh.of(),
                    AvgPool2D.of(2),
                    Conv2D.of(12, 3).stride(2),
                    BatchNorm.of(),
                    GlobalAvgPool2D.of(),
                    Dropout.of(0.2),
                    Flatten.of(),
                    Dense.of(16),
                    BatchNorm.of(),
                    Dense.of(10))
                .build(MNIST, 1);
    return Stream.concat(zoo, Stream.of(Arguments.of("every layer", everyLayer)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void trainingAndPredictionAllocateNothingOnceWarm(String name, Supplier<Model> build) {
    Model model = build.get();
    int batch = 4;
    Tensor images = Tensor.zeros(MNIST.withBatch(batch));
    SplittableRandom random = new SplittableRandom(5);
    float[] pixels = images.data();
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i % 10;
    }
    Kernels kernels = Kernels.best(2);
    TrainingStep step =
        new TrainingStep(
            model, new SoftmaxCrossEntropy(), Adam.lr(1e-3), RunContext.training(kernels, 3));
    RunContext inference = RunContext.inference(kernels);
    Runnable work =
        () -> {
          step.forward(images, labels);
          step.update(1e-3f);
          model.forward(images, inference);
        };
    // Until the JIT has compiled the vector code, the Vector API itself allocates; so run rounds
    // until one allocates nothing. Code that allocates per step never gets there. A graph with
    // many layers takes the JIT tens of seconds on two busy cores, hence the generous deadline.
    long deadline = System.nanoTime() + 60_000_000_000L;
    long bytes;
    int rounds = 0;
    do {
      AllocationCounter counter = AllocationCounter.start("sumi-kernel-");
      for (int i = 0; i < 5; i++) {
        work.run();
      }
      bytes = counter.allocatedBytes().orElseThrow();
      rounds++;
    } while (bytes != 0 && System.nanoTime() < deadline);
    assertEquals(0L, bytes, name + ": bytes allocated in 5 steps after " + rounds + " rounds");
  }
}
