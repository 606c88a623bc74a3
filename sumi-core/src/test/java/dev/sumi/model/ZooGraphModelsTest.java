package dev.sumi.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.kernel.Kernels;
import dev.sumi.nn.Parameter;
import dev.sumi.nn.RunContext;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The zoo's BatchNorm models: parameter counts, a training pass, model files. */
class ZooGraphModelsTest {
  private static final Shape MNIST = Shape.of(1, 28, 28);

  @TempDir Path dir;

  private static long conv(int k, int in, int out) {
    return (long) k * k * in * out; // no bias: a BatchNorm follows
  }

  private static long bn(int channels) {
    return 2L * channels;
  }

  private static long dense(int in, int out) {
    return (long) in * out + out;
  }

  @Test
  void vggBnHasItsParameterCount() {
    long expected =
        conv(3, 1, 32)
            + conv(3, 32, 32)
            + conv(3, 32, 64)
            + conv(3, 64, 64)
            + conv(3, 64, 128)
            + bn(32 + 32 + 64 + 64 + 128)
            + dense(128, 10);
    assertEquals(140_458, expected);
    assertEquals(expected, Zoo.build("vgg-bn", MNIST, 10, 1).parameterCount());
  }

  @Test
  void allConvBnHasItsParameterCountAndShrinksToOnePixel() {
    long expected =
        conv(3, 1, 32)
            + conv(3, 32, 32)
            + conv(5, 32, 32)
            + conv(3, 32, 64)
            + conv(3, 64, 64)
            + conv(5, 64, 64)
            + conv(4, 64, 128)
            + bn(32 * 3 + 64 * 3 + 128)
            + dense(128, 10);
    assertEquals(325_994, expected);
    Model model = Zoo.build("allconv-bn", MNIST, 10, 1);
    assertEquals(expected, model.parameterCount());
    assertTrue(model.summary().contains("(128, 1, 1)"), model.summary());
  }

  private static long preActBlock(int in, int filters, boolean projection) {
    return bn(in)
        + conv(3, in, filters)
        + bn(filters)
        + conv(3, filters, filters)
        + (projection ? conv(1, in, filters) : 0);
  }

  @Test
  void preActResNet14HasItsParameterCount() {
    long expected =
        conv(3, 1, 32)
            + preActBlock(32, 32, true) // stride 2
            + preActBlock(32, 32, false)
            + preActBlock(32, 64, true)
            + preActBlock(64, 64, false)
            + preActBlock(64, 128, true)
            + preActBlock(128, 128, false)
            + bn(128)
            + dense(128, 10);
    assertEquals(696_682, expected);
    assertEquals(expected, Zoo.build("preact-resnet14", MNIST, 10, 1).parameterCount());
  }

  @Test
  void preActResNet12KeepsItsFirstStageAtFullResolution() {
    long expected =
        conv(3, 1, 16)
            + preActBlock(16, 16, false)
            + preActBlock(16, 32, true) // stride 2
            + preActBlock(32, 32, false)
            + preActBlock(32, 96, true)
            + preActBlock(96, 96, false)
            + bn(96)
            + dense(96, 10);
    assertEquals(319_162, expected);
    Model model = Zoo.build("preact-resnet12", MNIST, 10, 1);
    assertEquals(expected, model.parameterCount());
    assertTrue(model.summary().contains("(16, 28, 28)"), model.summary());
    assertTrue(model.summary().contains("(96, 7, 7)"), model.summary());
  }

  private static long mbconv(int in, int out, int expand, int k) {
    int mid = in * expand;
    int squeeze = in / 4;
    return (expand == 1 ? 0 : conv(1, in, mid) + bn(mid))
        + (long) k * k * mid
        + bn(mid)
        + dense(mid, squeeze)
        + dense(squeeze, mid)
        + conv(1, mid, out)
        + bn(out);
  }

  @Test
  void efficientNetBaseHasItsParameterCount() {
    long expected =
        conv(3, 1, 32)
            + bn(32)
            + mbconv(32, 16, 1, 3)
            + mbconv(16, 24, 6, 3)
            + mbconv(24, 24, 6, 3)
            + mbconv(24, 40, 6, 5)
            + mbconv(40, 40, 6, 5)
            + mbconv(40, 80, 6, 3)
            + 2 * mbconv(80, 80, 6, 3)
            + mbconv(80, 112, 6, 5)
            + 2 * mbconv(112, 112, 6, 5)
            + conv(1, 112, 448)
            + bn(448)
            + dense(448, 10);
    assertEquals(906_794, expected);
    assertEquals(expected, Zoo.build("efficientnet", MNIST, 10, 1).parameterCount());
  }

  @Test
  void flopsAreWithinTheTrainingBudget() {
    // The convolutions alone: 2 * k * k * in * out * pixels each.
    long vggConvs =
        2L * (9 * 32 * 784 + 9 * 32 * 32 * 784 + 9 * 32 * 64 * 196 + 9 * 64 * 64 * 196)
            + 2L * 9 * 64 * 128 * 49;
    long vgg = Zoo.build("vgg-bn", MNIST, 10, 1).flops();
    assertTrue(vgg > vggConvs && vgg < vggConvs * 11 / 10, vgg + " vs " + vggConvs);
    for (String name : new String[] {"preact-resnet14", "preact-resnet12", "efficientnet"}) {
      long flops = Zoo.build(name, MNIST, 10, 1).flops();
      assertTrue(flops > 30_000_000 && flops < 60_000_000, name + ": " + flops);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"vgg-bn", "allconv-bn", "preact-resnet14", "preact-resnet12", "efficientnet"})
  void trainsAStepAndSurvivesAModelFile(String name) {
    Model model = Zoo.build(name, MNIST, 10, 3);
    int batch = 4;
    SplittableRandom random = new SplittableRandom(2);
    float[] pixels = new float[batch * MNIST.size()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    Tensor images = new Tensor(MNIST.withBatch(batch), pixels);
    RunContext training = RunContext.training(Kernels.best(2), 1);
    Tensor out = model.forward(images, training);
    assertEquals(Shape.of(batch, 10), out.shape());
    float[] grad = new float[out.size()];
    for (int i = 0; i < grad.length; i++) {
      grad[i] = (float) random.nextDouble(-1, 1);
    }
    model.backward(new Tensor(out.shape(), grad), training);
    for (Parameter p : model.parameters()) {
      boolean nonZero = false;
      for (float g : p.grad()) {
        nonZero |= g != 0f && Float.isFinite(g);
      }
      assertTrue(nonZero, name + " " + p.name() + " got no gradient");
    }
    Path file = dir.resolve(name + ".sumi");
    model.save(file);
    Model loaded = Model.load(file);
    assertEquals(model.summary(), loaded.summary());
    assertEquals(model.parameterCount(), loaded.parameterCount());
    assertArrayEquals(model.predict(images).toArray(), loaded.predict(images).toArray());
  }

  @Test
  void graphModelsAreMadeByBuildNotCreate() {
    var e = assertThrows(IllegalArgumentException.class, () -> Zoo.create("preact-resnet14"));
    assertTrue(e.getMessage().contains("Zoo.build"), e.getMessage());
    assertTrue(Zoo.names().contains("efficientnet"));
  }
}
