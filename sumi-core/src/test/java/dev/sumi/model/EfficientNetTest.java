package dev.sumi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.nn.Layer;
import dev.sumi.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Compound scaling: depth alpha^phi, width beta^phi, resolution gamma^phi. */
class EfficientNetTest {
  private static final Shape MNIST = Shape.of(1, 28, 28);
  private static final int[] BASE_CHANNELS = {32, 16, 24, 40, 80, 112, 448};
  private static final int[] BASE_REPEATS = {1, 2, 2, 3, 3};

  @Test
  void phiZeroIsTheBase() {
    EfficientNet zero = EfficientNet.phi(0);
    assertEquals(1.0, zero.depthMultiplier());
    assertEquals(1.0, zero.widthMultiplier());
    assertEquals(28, zero.resolutionFor(28));
    for (int c : BASE_CHANNELS) {
      assertEquals(c, zero.channels(c));
    }
    for (int r : BASE_REPEATS) {
      assertEquals(r, zero.repeats(r));
    }
    Model a = EfficientNet.phi(0).build(MNIST, 10, 4);
    Model b = EfficientNet.base().build(MNIST, 10, 4);
    assertEquals(a.summary(), b.summary());
    assertEquals(Zoo.build("efficientnet", MNIST, 10, 4).summary(), a.summary());
    assertTrue(a.layers().stream().noneMatch(l -> l.type().equals("Resize")));
  }

  @Test
  void phiOneRoundsChannelsToEightsAndBlocksUp() {
    EfficientNet one = EfficientNet.phi(1);
    assertEquals(1.2, one.depthMultiplier(), 1e-12);
    assertEquals(1.1, one.widthMultiplier(), 1e-12);
    // 28 * 1.15 = 32.2
    assertEquals(32, one.resolutionFor(28));
    // 35.2 -> 32, 17.6 -> 16, 26.4 -> 24, 44 -> 48, 88 -> 88, 123.2 -> 120, 492.8 -> 496
    int[] channels = {32, 16, 24, 48, 88, 120, 496};
    for (int i = 0; i < channels.length; i++) {
      assertEquals(channels[i], one.channels(BASE_CHANNELS[i]), "channels " + BASE_CHANNELS[i]);
    }
    // ceil(1.2), ceil(2.4), ceil(2.4), ceil(3.6), ceil(3.6)
    int[] repeats = {2, 3, 3, 4, 4};
    for (int i = 0; i < repeats.length; i++) {
      assertEquals(repeats[i], one.repeats(BASE_REPEATS[i]));
    }
    assertEquals(37, EfficientNet.phi(2).resolutionFor(28)); // 37.03
    assertEquals(43, EfficientNet.phi(3).resolutionFor(28)); // 42.58
  }

  @Test
  void aScaledNetworkResizesItsInputAndHasTheScaledBlocks() {
    Model model = EfficientNet.phi(1).build(MNIST, 10, 1);
    Layer first = model.layers().get(0);
    assertEquals("Resize", first.type());
    assertEquals(Shape.of(1, 32, 32), first.outputShape());
    long blocks = model.layers().stream().filter(l -> l.type().equals("DepthwiseConv2D")).count();
    assertEquals(2 + 3 + 3 + 4 + 4, blocks);
    Model base = EfficientNet.base().build(MNIST, 10, 1);
    assertTrue(model.flops() > 1.5 * base.flops() && model.flops() < 2.5 * base.flops());
  }

  @Test
  void explicitSettingsOverrideTheCompoundCoefficient() {
    EfficientNet net = EfficientNet.phi(2).depthMultiplier(1).widthMultiplier(2).resolution(28);
    assertEquals(1.0, net.depthMultiplier());
    assertEquals(64, net.channels(32));
    assertEquals(28, net.resolutionFor(28));
    assertEquals(3, net.repeats(3));
    assertThrows(IllegalArgumentException.class, () -> EfficientNet.phi(-1));
    assertThrows(IllegalArgumentException.class, () -> EfficientNet.base().widthMultiplier(0));
    assertThrows(IllegalArgumentException.class, () -> EfficientNet.base().resolution(4));
  }
}
