package dev.sumi.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.kernel.Kernels;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Finite-difference gradient check of a layer: compares backward's input and parameter gradients of
 * f = sum(r * layer(x)) for a fixed random r with central differences.
 */
final class GradientCheck {
  private static final double EPS = 1e-2;

  private GradientCheck() {}

  /** Builds {@code layer} for {@code inputShape}, then checks every gradient on a batch. */
  static void check(Layer layer, Shape inputShape, int batch, Kernels kernels, long seed) {
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
    float[] x = new float[batch * inputShape.size()];
    for (int i = 0; i < x.length; i++) {
      // Away from zero, so that ReLU kinks and max-pool ties are out of reach of EPS.
      double v = random.nextDouble(0.1, 1.0);
      x[i] = (float) (random.nextBoolean() ? v : -v);
    }
    Tensor input = new Tensor(inputShape.withBatch(batch), x);
    Tensor out = layer.forward(input, context(kernels));
    float[] r = new float[out.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) random.nextDouble(-1, 1);
    }
    Tensor gradOut = new Tensor(out.shape(), r.clone());
    Tensor gradIn = layer.backward(gradOut, context(kernels));
    float[] analyticInput = gradIn.toArray();

    int checked = 0;
    int skipped = 0;
    for (int i = 0; i < x.length; i++) {
      checked++;
      skipped += compare(layer, "input[" + i + "]", analyticInput[i], input, x, i, r, kernels);
    }
    for (Parameter p : layer.parameters()) {
      float[] analytic = p.grad().clone();
      for (int i = 0; i < p.size(); i++) {
        checked++;
        skipped +=
            compare(layer, p.name() + "[" + i + "]", analytic[i], input, p.value(), i, r, kernels);
      }
    }
    assertTrue(
        skipped <= checked / 20,
        layer.type() + ": " + skipped + " of " + checked + " coordinates sat on kinks");
  }

  /** Asserts one coordinate; returns 1 if it was skipped as non-smooth. */
  private static int compare(
      Layer layer,
      String what,
      double analytic,
      Tensor input,
      float[] values,
      int i,
      float[] r,
      Kernels kernels) {
    double numeric = numeric(layer, input, values, i, r, kernels, EPS);
    double half = numeric(layer, input, values, i, r, kernels, EPS / 2);
    if (Math.abs(numeric - half) > 1e-2 * Math.max(1, Math.abs(numeric))) {
      return 1;
    }
    double error =
        Math.abs(analytic - numeric) / Math.max(1e-2, Math.abs(analytic) + Math.abs(numeric));
    assertTrue(
        error < 1e-2,
        layer.type() + " gradient of " + what + ": backward " + analytic + ", numeric " + numeric);
    return 0;
  }

  /** Training mode with a fixed seed, so that dropout masks repeat between evaluations. */
  private static RunContext context(Kernels kernels) {
    return RunContext.training(kernels, 42);
  }

  private static double numeric(
      Layer layer, Tensor input, float[] values, int i, float[] r, Kernels kernels, double eps) {
    float saved = values[i];
    float up = (float) (saved + eps);
    float down = (float) (saved - eps);
    values[i] = up;
    double plus = objective(layer, input, r, kernels);
    values[i] = down;
    double minus = objective(layer, input, r, kernels);
    values[i] = saved;
    return (plus - minus) / ((double) up - down);
  }

  private static double objective(Layer layer, Tensor input, float[] r, Kernels kernels) {
    Tensor out = layer.forward(input, context(kernels));
    double f = 0;
    for (int i = 0; i < r.length; i++) {
      f += (double) r[i] * out.data()[i];
    }
    return f;
  }
}
