package dev.sumi.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.kernel.Activation;
import dev.sumi.kernel.Kernels;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.Parameter;
import dev.sumi.nn.RunContext;
import dev.sumi.nn.Tanh;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of whole graph models: the input and parameter gradients of f = sum(r *
 * model(x)) for a fixed random r. Activations are smooth, so no kink is within the step's reach.
 */
class GraphGradientTest {
  private static final double EPS = 1e-3;

  /**
   * Fan-out of the input and of inner nodes, Add of three branches (two of which overwrite their
   * gradient in place), Add of one node with itself, Concat of three nodes.
   */
  static Graph residualAndConcat() {
    Node in = Graph.input(Shape.of(2, 5, 5));
    Node a = in.then(Conv2D.of(3, 3).same().activation(Activation.TANH));
    Node b = a.then(Conv2D.of(3, 3).same().activation(Activation.TANH));
    Node pointwise = a.then(Conv2D.of(3, 1).activation(Activation.TANH));
    Node sum = Graph.add(a, b, pointwise);
    Node joined = Graph.concat(sum, in, a);
    Node c = joined.then(Conv2D.of(2, 3).activation(Activation.TANH));
    Node twice = Graph.add(c, c, c.then(Tanh.of()));
    Node out = twice.then(Flatten.of()).then(Dense.of(4));
    return new Graph(in, out, 11, true);
  }

  /** Concat of flat features from two dense branches, one of them reading the other. */
  static Graph flatBranches() {
    Node in = Graph.input(Shape.of(6));
    Node a = in.then(Dense.of(5).activation(Activation.TANH));
    Node b = a.then(Dense.of(3).activation(Activation.SIGMOID));
    Node out = Graph.concat(b, a, in).then(Dense.of(3));
    return new Graph(in, out, 12, true);
  }

  /** A pre-activation residual block with a strided projection, then one with the identity. */
  static Graph preActBlocks() {
    Node in = Graph.input(Shape.of(2, 5, 5));
    Node x = PreActResNet.block(in, 2, 3, 2);
    Node out = PreActResNet.block(x, 3, 3, 1).then(Flatten.of()).then(Dense.of(3));
    return new Graph(in, out, 13, true);
  }

  /** MBConv blocks with expansion and squeeze-and-excitation, one of them residual. */
  static Graph mbconvBlocks() {
    Node in = Graph.input(Shape.of(4, 4, 4));
    Node x = EfficientNet.mbconv(in, 4, 4, 2, 3, 1, true);
    Node out = EfficientNet.mbconv(x, 4, 3, 1, 3, 2, true).then(Flatten.of()).then(Dense.of(2));
    return new Graph(in, out, 14, true);
  }

  static Stream<Arguments> graphs() {
    Stream.Builder<Arguments> args = Stream.builder();
    for (var graph :
        new Object[][] {
          {"residual and concat", (Supplier<Graph>) GraphGradientTest::residualAndConcat},
          {"flat branches", (Supplier<Graph>) GraphGradientTest::flatBranches},
          {"pre-activation blocks", (Supplier<Graph>) GraphGradientTest::preActBlocks},
          {"MBConv blocks", (Supplier<Graph>) GraphGradientTest::mbconvBlocks}
        }) {
      args.add(Arguments.of(graph[0] + " / scalar", graph[1], Kernels.scalar()));
      args.add(Arguments.of(graph[0] + " / best", graph[1], Kernels.best(2)));
    }
    return args.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("graphs")
  void backwardMatchesFiniteDifferences(String name, Supplier<Graph> graph, Kernels kernels) {
    Graph model = graph.get();
    SplittableRandom random = new SplittableRandom(name.hashCode());
    for (Parameter p : model.parameters()) {
      if (!p.decay()) { // non-zero biases, so that a missing bias term cannot pass
        for (int i = 0; i < p.size(); i++) {
          p.value()[i] = (float) random.nextDouble(-0.5, 0.5);
        }
      }
    }
    int batch = 2;
    Tensor input =
        new Tensor(model.inputShape().withBatch(batch), distinctInputs(batch, model, random));
    Tensor out = model.forward(input, context(kernels));
    float[] r = new float[out.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) random.nextDouble(-1, 1);
    }
    model.backward(new Tensor(out.shape(), r.clone()), context(kernels));
    float[] analyticInput = model.inputGradient().toArray();
    assertEquals(input.size(), analyticInput.length);
    for (int i = 0; i < input.size(); i++) {
      compare(
          "input[" + i + "]", analyticInput[i], numeric(model, input, input.data(), i, r, kernels));
    }
    int layer = 0;
    for (Parameter p : model.parameters()) {
      float[] analytic = p.grad().clone();
      for (int i = 0; i < p.size(); i++) {
        compare(
            "parameter " + layer + " " + p.name() + "[" + i + "]",
            analytic[i],
            numeric(model, input, p.value(), i, r, kernels));
      }
      layer++;
    }
  }

  /** Values 0.1, 0.105, 0.11, ... shuffled, with random signs. */
  private static float[] distinctInputs(int batch, Model model, SplittableRandom random) {
    int n = batch * model.inputShape().size();
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.1f + 0.005f * i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = x[i];
      x[i] = x[j];
      x[j] = random.nextBoolean() ? t : -t;
    }
    return x;
  }

  private static RunContext context(Kernels kernels) {
    return RunContext.training(kernels, 42);
  }

  private static double numeric(
      Model model, Tensor input, float[] values, int i, float[] r, Kernels kernels) {
    float saved = values[i];
    float up = (float) (saved + EPS);
    float down = (float) (saved - EPS);
    values[i] = up;
    double plus = objective(model, input, r, kernels);
    values[i] = down;
    double minus = objective(model, input, r, kernels);
    values[i] = saved;
    return (plus - minus) / ((double) up - down);
  }

  private static double objective(Model model, Tensor input, float[] r, Kernels kernels) {
    Tensor out = model.forward(input, context(kernels));
    double f = 0;
    for (int i = 0; i < r.length; i++) {
      f += (double) r[i] * out.data()[i];
    }
    return f;
  }

  private static void compare(String what, double analytic, double numeric) {
    assertTrue(
        Math.abs(analytic - numeric) <= 2e-3 + 1e-2 * Math.abs(numeric),
        "gradient of " + what + ": backward " + analytic + ", numeric " + numeric);
  }
}
