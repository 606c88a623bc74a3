package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Finite-difference gradient check of a layer: compares backward's input and parameter gradients of
 * f = sum(r * layer(x)) for a fixed random r with central differences.
 *
 * <p>Inputs are distinct by more than twice the step and at least 0.1 away from zero, so that the
 * kinks of ReLU and max pooling (ties) are out of the step's reach. Layers whose kinks depend on
 * weights (a convolution with a fused ReLU) are checked with smooth activations here and held to
 * the separate ReLU layer elsewhere.
 */
final class GradientCheck {
  private static final double EPS = 1e-3;

  private GradientCheck() {}

  /** Builds {@code layer} for {@code inputShape}, then checks every gradient on a batch. */
  static void check(Layer layer, Shape inputShape, int batch, Kernels kernels, long seed) {
    check(layer, inputShape, batch, kernels, seed, true);
  }

  /** As {@link #check(Layer, Shape, int, Kernels, long)}, in training or inference mode. */
  static void check(
      Layer layer, Shape inputShape, int batch, Kernels kernels, long seed, boolean training) {
    SplittableRandom random = new SplittableRandom(seed);
    layer.build(inputShape, new BuildContext(random.split(), true));
    for (Parameter p : layer.parameters()) {
      // Non-zero biases so that a missing bias term in backward cannot pass.
      if (!p.decay()) {
        for (int i = 0; i < p.size(); i++) {
          p.value()[i] = (float) random.nextDouble(-0.5, 0.5);
        }
      }
    }
    Tensor input =
        new Tensor(inputShape.withBatch(batch), distinctInputs(batch * inputShape.size(), random));
    Tensor out = layer.forward(input, context(kernels, training));
    float[] r = new float[out.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) random.nextDouble(-1, 1);
    }
    Tensor gradOut = new Tensor(out.shape(), r.clone());
    Tensor gradIn = layer.backward(gradOut, context(kernels, training));
    float[] analyticInput = gradIn.toArray();

    float[] x = input.data();
    for (int i = 0; i < x.length; i++) {
      compare(
          layer,
          "input[" + i + "]",
          analyticInput[i],
          numeric(layer, input, x, i, r, kernels, training));
    }
    for (Parameter p : layer.parameters()) {
      float[] analytic = p.grad().clone();
      for (int i = 0; i < p.size(); i++) {
        compare(
            layer,
            p.name() + "[" + i + "]",
            analytic[i],
            numeric(layer, input, p.value(), i, r, kernels, training));
      }
    }
  }

  /** A shuffled sequence 0.1, 0.105, 0.11, ... with random signs. */
  private static float[] distinctInputs(int n, SplittableRandom random) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.1f + 0.005f * i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    for (int i = 0; i < n; i++) {
      if (random.nextBoolean()) {
        x[i] = -x[i];
      }
    }
    return x;
  }

  /** Training mode has a fixed seed, so that dropout masks repeat between evaluations. */
  private static RunContext context(Kernels kernels, boolean training) {
    return training ? RunContext.training(kernels, 42) : RunContext.inference(kernels);
  }

  private static double numeric(
      Layer layer,
      Tensor input,
      float[] values,
      int i,
      float[] r,
      Kernels kernels,
      boolean training) {
    float saved = values[i];
    float up = (float) (saved + EPS);
    float down = (float) (saved - EPS);
    values[i] = up;
    double plus = objective(layer, input, r, kernels, training);
    values[i] = down;
    double minus = objective(layer, input, r, kernels, training);
    values[i] = saved;
    return (plus - minus) / ((double) up - down);
  }

  private static double objective(
      Layer layer, Tensor input, float[] r, Kernels kernels, boolean training) {
    Tensor out = layer.forward(input, context(kernels, training));
    double f = 0;
    for (int i = 0; i < r.length; i++) {
      f += (double) r[i] * out.data()[i];
    }
    return f;
  }

  private static void compare(Layer layer, String what, double analytic, double numeric) {
    assertTrue(
        Math.abs(analytic - numeric) <= 2e-3 + 1e-2 * Math.abs(numeric),
        layer.type() + " gradient of " + what + ": backward " + analytic + ", numeric " + numeric);
  }
}
