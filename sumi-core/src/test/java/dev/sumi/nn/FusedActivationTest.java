package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.sumi.kernel.Activation;
import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A convolution or dense layer with a fused activation must equal the same layer followed by the
 * stand-alone activation layer, forward and backward (the stand-alone layers are gradient-checked).
 */
class FusedActivationTest {
  private static final Shape IMAGE = Shape.of(2, 6, 6);
  private static final Shape FLAT = Shape.of(9);

  @Test
  void conv2dWithFusedReluEqualsConv2dThenRelu() {
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.best(2)}) {
      compare(
          Conv2D.of(3, 3).init(Init.HE).relu(),
          Conv2D.of(3, 3).init(Init.HE),
          ReLU.of(),
          IMAGE,
          kernels);
      compare(
          Conv2D.of(3, 3).init(Init.HE).same().activation(Activation.leakyRelu(0.1f)),
          Conv2D.of(3, 3).init(Init.HE).same(),
          LeakyReLU.of(0.1),
          IMAGE,
          kernels);
    }
  }

  @Test
  void depthwiseWithFusedReluEqualsDepthwiseThenRelu() {
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.best(2)}) {
      compare(
          DepthwiseConv2D.of(3).init(Init.HE).same().depthMultiplier(2).relu(),
          DepthwiseConv2D.of(3).init(Init.HE).same().depthMultiplier(2),
          ReLU.of(),
          IMAGE,
          kernels);
    }
  }

  @Test
  void denseWithFusedReluEqualsDenseThenRelu() {
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.best(2)}) {
      compare(
          Dense.of(7).init(Init.HE).relu(), Dense.of(7).init(Init.HE), ReLU.of(), FLAT, kernels);
      compare(
          Dense.of(7).init(Init.HE).activation(Activation.leakyRelu(0.3f)),
          Dense.of(7).init(Init.HE),
          LeakyReLU.of(0.3),
          FLAT,
          kernels);
    }
  }

  private static void compare(
      Layer fused, Layer plain, Layer activation, Shape inputShape, Kernels kernels) {
    fused.build(inputShape, new BuildContext(new SplittableRandom(1), true));
    Shape mid = plain.build(inputShape, new BuildContext(new SplittableRandom(1), true));
    activation.build(mid, new BuildContext(new SplittableRandom(2), true));

    SplittableRandom random = new SplittableRandom(3);
    int batch = 4;
    float[] x = new float[batch * inputShape.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    float[] g = new float[batch * mid.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) random.nextDouble(-1, 1);
    }
    RunContext context = RunContext.inference(kernels);
    Tensor input = new Tensor(inputShape.withBatch(batch), x);

    Tensor a = fused.forward(input, context);
    Tensor b = activation.forward(plain.forward(input, context), context);
    assertArrayEquals(b.toArray(), a.toArray(), 1e-6f);

    Tensor gradA = fused.backward(new Tensor(a.shape(), g.clone()), context);
    Tensor gradB =
        plain.backward(activation.backward(new Tensor(b.shape(), g.clone()), context), context);
    assertArrayEquals(gradB.toArray(), gradA.toArray(), 1e-5f);
    for (int i = 0; i < fused.parameters().size(); i++) {
      assertArrayEquals(plain.parameters().get(i).grad(), fused.parameters().get(i).grad(), 1e-5f);
    }
  }
}
