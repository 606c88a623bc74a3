package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.kernel.Activation;
import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A convolution or dense layer with a fused activation must equal the same layer followed by the
 * stand-alone activation layer, forward and backward (the stand-alone layers are gradient-checked);
 * so must a batch normalisation with the ReLU after it fused in, to the bit.
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

  @Test
  void batchNormWithFusedReluEqualsBatchNormThenReluExactly() {
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.best(2)}) {
      for (Shape shape : new Shape[] {IMAGE, Shape.of(4, 5, 7), FLAT, Shape.of(37)}) {
        for (boolean training : new boolean[] {true, false}) {
          BatchNorm fusedNorm = BatchNorm.of();
          ActivationLayer fusedRelu = ReLU.of();
          BatchNorm norm = BatchNorm.of();
          ActivationLayer relu = ReLU.of();
          for (Layer layer : new Layer[] {fusedNorm, fusedRelu, norm, relu}) {
            layer.build(shape, new BuildContext(new SplittableRandom(1), true));
          }
          // Non-trivial affine parameters, the same in both.
          SplittableRandom random = new SplittableRandom(5);
          for (int p = 0; p < 2; p++) {
            float[] value = norm.parameters().get(p).value();
            for (int c = 0; c < value.length; c++) {
              value[c] = (float) random.nextDouble(-1, 1);
            }
            System.arraycopy(value, 0, fusedNorm.parameters().get(p).value(), 0, value.length);
          }
          assertTrue(ReluFusion.fuse(fusedNorm, fusedRelu));

          int batch = 6;
          float[] x = new float[batch * shape.size()];
          float[] g = new float[x.length];
          for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-2, 3);
            g[i] = (float) random.nextDouble(-1, 1);
          }
          RunContext context =
              training ? RunContext.training(kernels, 1) : RunContext.inference(kernels);
          Tensor input = new Tensor(shape.withBatch(batch), x);
          Tensor a = fusedRelu.forward(fusedNorm.forward(input, context), context);
          Tensor b = relu.forward(norm.forward(input, context), context);
          String what = kernels.name() + " " + shape + " training " + training;
          assertArrayEquals(b.toArray(), a.toArray(), what);
          Tensor gradA =
              fusedNorm.backward(
                  fusedRelu.backward(new Tensor(a.shape(), g.clone()), context), context);
          Tensor gradB =
              norm.backward(relu.backward(new Tensor(b.shape(), g.clone()), context), context);
          assertArrayEquals(gradB.toArray(), gradA.toArray(), what);
          for (int p = 0; p < 2; p++) {
            assertArrayEquals(
                norm.parameters().get(p).grad(), fusedNorm.parameters().get(p).grad(), what);
          }
        }
      }
    }
  }

  @Test
  void reluFusionLeavesOtherPairsAlone() {
    assertFalse(ReluFusion.fuse(BatchNorm.of(), LeakyReLU.of(0.1)));
    assertFalse(ReluFusion.fuse(Conv2D.of(3, 3), ReLU.of()));
    assertFalse(ReluFusion.fuse(BatchNorm.of(), SiLU.of()));
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
