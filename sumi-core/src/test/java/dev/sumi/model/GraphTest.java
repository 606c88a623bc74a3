package dev.sumi.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sumi.bench.AllocationCounter;
import dev.sumi.data.Dataset;
import dev.sumi.io.Json;
import dev.sumi.io.ModelFile;
import dev.sumi.io.ModelFileException;
import dev.sumi.kernel.Kernels;
import dev.sumi.nn.Add;
import dev.sumi.nn.BatchNorm;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Dropout;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.GlobalAvgPool2D;
import dev.sumi.nn.Layer;
import dev.sumi.nn.MaxPool2D;
import dev.sumi.nn.Parameter;
import dev.sumi.nn.ReLU;
import dev.sumi.nn.RunContext;
import dev.sumi.nn.ShapeException;
import dev.sumi.optim.Adam;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.train.Fit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphTest {
  private static final Shape MNIST = Shape.of(1, 28, 28);

  /** A small residual network with a concatenated side branch. */
  static Graph residual(Shape input, long seed) {
    Node in = Graph.input(input);
    Node x = in.then(Conv2D.of(8, 3).same().relu()).then(MaxPool2D.of(2));
    Node y = x.then(Conv2D.of(8, 3).same().relu()).then(Conv2D.of(8, 3).same());
    Node z = Graph.add(x, y).then(ReLU.of());
    Node side = z.then(Conv2D.of(4, 1).relu());
    Node out =
        Graph.concat(z, side).then(GlobalAvgPool2D.of()).then(Dropout.of(0.2)).then(Dense.of(3));
    return Graph.model(in, out, seed);
  }

  @Test
  void theReadmeResidualBlockBuilds() {
    Node in = Graph.input(Shape.of(1, 28, 28));
    Node x = in.then(Conv2D.of(32, 3).same().relu());
    Node y = x.then(Conv2D.of(32, 3).same().relu()).then(Conv2D.of(32, 3).same());
    Node out =
        Graph.add(x, y) // the residual connection: x + F(x)
            .then(ReLU.of())
            .then(GlobalAvgPool2D.of())
            .then(Dense.of(10));
    Model resnet = Graph.model(in, out, 7); // shapes inferred and checked, weights from seed 7
    assertEquals(320 + 9_248 + 9_248 + 330, resnet.parameterCount());
    assertEquals(Shape.of(10), resnet.outputShape());
  }

  @Test
  void forwardAndBackwardAllocateNothingOnceWarm() {
    Graph model = residual(MNIST, 2);
    Tensor images = randomBatch(16, MNIST, 1);
    Tensor grad = randomBatch(16, model.outputShape(), 2);
    RunContext context = RunContext.training(Kernels.scalar(), 3);
    for (int i = 0; i < 3; i++) {
      model.forward(images, context);
      model.backward(grad, context);
    }
    AllocationCounter counter = AllocationCounter.start();
    for (int i = 0; i < 5; i++) {
      model.forward(images, context);
      model.backward(grad, context);
    }
    long bytes = counter.allocatedBytes().orElse(0);
    // One reallocated activation buffer would be 100 KB.
    assertTrue(bytes < 16_384, bytes + " bytes allocated in 5 steps");
  }

  @Test
  void aChainAsAGraphMatchesTheSequentialModelExactly() {
    Supplier<List<Layer>> layers =
        () ->
            List.of(
                Conv2D.of(4, 3).relu(),
                MaxPool2D.of(2),
                Conv2D.of(6, 3).same().relu(),
                Flatten.of(),
                Dense.of(16).relu(),
                Dropout.of(0.3),
                Dense.of(10));
    Model sequential = Sequential.of(layers.get()).build(Shape.of(1, 12, 12), 7);
    Node in = Graph.input(Shape.of(1, 12, 12));
    Node out = in;
    for (Layer layer : layers.get()) {
      out = out.then(layer);
    }
    Model graph = Graph.model(in, out, 7);
    assertEquals(sequential.parameterCount(), graph.parameterCount());
    assertEquals(sequential.flops(), graph.flops());
    assertParametersEqual(sequential, graph, false);

    Kernels kernels = Kernels.best(2);
    Tensor input = randomBatch(5, Shape.of(1, 12, 12), 3);
    Tensor a = sequential.forward(input, RunContext.training(kernels, 9)).copy();
    Tensor b = graph.forward(input, RunContext.training(kernels, 9)).copy();
    assertArrayEquals(a.toArray(), b.toArray());
    Tensor grad = randomBatch(5, Shape.of(10), 4);
    sequential.backward(grad.copy(), RunContext.training(kernels, 9));
    graph.backward(grad.copy(), RunContext.training(kernels, 9));
    assertParametersEqual(sequential, graph, true);
  }

  private static void assertParametersEqual(Model expected, Model actual, boolean gradients) {
    List<Parameter> e = expected.parameters();
    List<Parameter> a = actual.parameters();
    assertEquals(e.size(), a.size());
    for (int i = 0; i < e.size(); i++) {
      assertArrayEquals(
          gradients ? e.get(i).grad() : e.get(i).value(),
          gradients ? a.get(i).grad() : a.get(i).value(),
          "parameter " + i + (gradients ? " gradient" : " value"));
    }
  }

  @Test
  void aBatchNormReadByMoreThanItsReluKeepsItsOwnOutput() {
    // out = relu(bn(x)) + bn(x): were the ReLU fused into the BatchNorm, the second term would be
    // the ReLU's output too, and negative values would come out as 0 rather than as themselves.
    Node in = Graph.input(Shape.of(2, 3, 3));
    Node norm = in.then(BatchNorm.of());
    Graph model = Graph.model(in, Graph.add(norm.then(ReLU.of()), norm), 1);
    Tensor x = randomBatch(4, Shape.of(2, 3, 3), 7);
    float[] out = model.forward(x, RunContext.training(Kernels.best(2), 1)).toArray();
    float[] y = normalized(x);
    int negative = 0;
    for (int i = 0; i < out.length; i++) {
      assertEquals(y[i] > 0 ? 2 * y[i] : y[i], out[i], 1e-5f, "value " + i);
      negative += y[i] < 0 ? 1 : 0;
    }
    assertTrue(negative > 0);
  }

  /** Batch normalisation with unit gamma and zero beta, per channel of a (batch, 2, 3, 3) batch. */
  private static float[] normalized(Tensor x) {
    float[] v = x.toArray();
    float[] y = new float[v.length];
    int batch = x.batch();
    for (int c = 0; c < 2; c++) {
      double sum = 0;
      double squares = 0;
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < 9; s++) {
          double value = v[(b * 2 + c) * 9 + s];
          sum += value;
          squares += value * value;
        }
      }
      double mean = sum / (batch * 9);
      double variance = squares / (batch * 9) - mean * mean;
      for (int b = 0; b < batch; b++) {
        for (int s = 0; s < 9; s++) {
          int i = (b * 2 + c) * 9 + s;
          y[i] = (float) ((v[i] - mean) / Math.sqrt(variance + 1e-5));
        }
      }
    }
    return y;
  }

  @Test
  void savedGraphLoadsToTheSameModelAndOutputs(@TempDir Path dir) {
    Graph model = residual(MNIST, 3);
    model.normalization(new Normalization(0.13f, 0.31f)).classNames(List.of("a", "b", "c"));
    Path file = dir.resolve("graph.sumi");
    model.save(file);
    Model loaded = Model.load(file);

    assertInstanceOf(Graph.class, loaded);
    assertEquals(model.architecture(), loaded.architecture());
    assertEquals(model.summary(), loaded.summary());
    assertEquals(model.normalization(), loaded.normalization());
    assertEquals(List.of("a", "b", "c"), loaded.classNames());
    assertParametersEqual(model, loaded, false);
    Tensor images = randomBatch(4, MNIST, 5);
    for (int i = 0; i < images.size(); i++) {
      images.data()[i] = Math.abs(images.data()[i]);
    }
    assertArrayEquals(model.predict(images).toArray(), loaded.predict(images).toArray());
  }

  @Test
  void architectureListsNodesWithTheirInputs() {
    String json = Json.write(residual(MNIST, 0).architecture());
    assertTrue(json.contains("\"class\":\"Graph\""), json);
    assertTrue(json.contains("{\"type\":\"Add\",\"config\":{},\"inputs\":[2,4]}"), json);
    assertTrue(json.contains("{\"type\":\"Concat\",\"config\":{},\"inputs\":[6,7]}"), json);
    assertTrue(json.contains("\"output\":11"), json);
  }

  @Test
  void summaryShowsEachNodesInputs() {
    Graph model = residual(MNIST, 0);
    String summary = model.summary();
    assertTrue(summary.contains("Inputs"), summary);
    assertTrue(summary.matches("(?s).*\\n\\s*5\\s+Add\\s+2, 4\\s+\\(8, 14, 14\\).*"), summary);
    assertTrue(summary.matches("(?s).*\\n\\s*8\\s+Concat\\s+6, 7\\s+\\(12, 14, 14\\).*"), summary);
    assertTrue(summary.contains(String.format("%,d", model.parameterCount())), summary);
  }

  @Test
  void addOfMismatchedShapesNamesTheNodeAndTheShapes() {
    Node in = Graph.input(MNIST);
    Node x = in.then(Conv2D.of(8, 3).same());
    Node y = in.then(Conv2D.of(4, 3).same());
    ShapeException e = assertThrows(ShapeException.class, () -> Graph.model(in, Graph.add(x, y)));
    assertTrue(
        e.getMessage().startsWith("Node 3 (Add of node 1 (Conv2D) and node 2 (Conv2D))"),
        e.getMessage());
    assertTrue(e.getMessage().contains("(8, 28, 28), (4, 28, 28)"), e.getMessage());
  }

  @Test
  void concatOfMismatchedPlanesNamesTheShapes() {
    Node in = Graph.input(MNIST);
    Node x = in.then(Conv2D.of(8, 3));
    Node y = in.then(Conv2D.of(8, 3).same());
    ShapeException e =
        assertThrows(ShapeException.class, () -> Graph.model(in, Graph.concat(x, y)));
    assertTrue(e.getMessage().contains("Concat"), e.getMessage());
    assertTrue(e.getMessage().contains("(8, 26, 26), (8, 28, 28)"), e.getMessage());
  }

  @Test
  void aLayerErrorInsideTheGraphNamesTheNode() {
    Node in = Graph.input(MNIST);
    Node out = in.then(Conv2D.of(8, 3)).then(Dense.of(10));
    ShapeException e = assertThrows(ShapeException.class, () -> Graph.model(in, out));
    assertTrue(e.getMessage().startsWith("Node 2 (Dense of node 1 (Conv2D))"), e.getMessage());
    assertTrue(e.getMessage().contains("(8, 26, 26)"), e.getMessage());
  }

  @Test
  void anOutputNotComputedFromTheInputIsRefused() {
    Node in = Graph.input(MNIST);
    Node other = Graph.input(MNIST);
    Node out = other.then(Flatten.of()).then(Dense.of(10));
    var e = assertThrows(IllegalArgumentException.class, () -> Graph.model(in, out));
    assertTrue(e.getMessage().contains("not computed from the model's input"), e.getMessage());
    Node mixed = Graph.add(in.then(ReLU.of()), other.then(ReLU.of()));
    assertThrows(IllegalArgumentException.class, () -> Graph.model(in, mixed));
  }

  @Test
  void malformedGraphsAreRefusedWithAReason() {
    Node in = Graph.input(MNIST);
    Node x = in.then(ReLU.of());
    assertThrows(IllegalArgumentException.class, () -> Graph.model(in, in));
    assertThrows(IllegalArgumentException.class, () -> Graph.model(x, x.then(ReLU.of())));
    var one = assertThrows(IllegalArgumentException.class, () -> Graph.add(x));
    assertTrue(one.getMessage().contains("two or more"), one.getMessage());
    ShapeException single =
        assertThrows(ShapeException.class, () -> Graph.model(in, x.then(Add.of())));
    assertTrue(single.getMessage().contains("at least two inputs"), single.getMessage());
    ShapeException stacked =
        assertThrows(ShapeException.class, () -> Sequential.of(Add.of()).build(MNIST));
    assertTrue(stacked.getMessage().contains("graph model"), stacked.getMessage());
    Layer shared = ReLU.of();
    var twice =
        assertThrows(
            IllegalArgumentException.class, () -> Graph.model(in, in.then(shared).then(shared)));
    assertTrue(twice.getMessage().contains("used by two nodes"), twice.getMessage());
  }

  @Test
  void aBatchOfTheWrongShapeIsAShapeError() {
    Graph model = residual(MNIST, 0);
    var e =
        assertThrows(
            ShapeException.class,
            () ->
                model.forward(Tensor.zeros(2, 1, 14, 14), RunContext.inference(Kernels.scalar())));
    assertTrue(e.getMessage().contains("(1, 28, 28)"), e.getMessage());
  }

  @Test
  void aModelFileWithACycleOrAnUnusedNodeIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cycle.sumi");
    String header =
        "{\"architecture\":{\"class\":\"Graph\",\"input_shape\":[4],\"nodes\":["
            + "{\"type\":\"ReLU\",\"config\":{},\"inputs\":[2]},"
            + "{\"type\":\"ReLU\",\"config\":{},\"inputs\":[1]}],\"output\":2}}";
    ModelFile.write(file, header, List.of());
    var e = assertThrows(ModelFileException.class, () -> Model.load(file));
    assertTrue(e.getMessage().contains("node 1 reads node 2"), e.getMessage());

    String unused =
        "{\"architecture\":{\"class\":\"Graph\",\"input_shape\":[4],\"nodes\":["
            + "{\"type\":\"ReLU\",\"config\":{},\"inputs\":[0]},"
            + "{\"type\":\"ReLU\",\"config\":{},\"inputs\":[0]}],\"output\":2}}";
    ModelFile.write(file, unused, List.of());
    e = assertThrows(ModelFileException.class, () -> Model.load(file));
    assertTrue(e.getMessage().contains("not all used"), e.getMessage());
  }

  @Test
  void sameSeedsGiveBitIdenticalWeightsAfterTraining() {
    Dataset data = synthetic(256, 8);
    List<float[]> first = trained(data, 5);
    List<float[]> second = trained(data, 5);
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i), second.get(i));
    }
    assertFalse(java.util.Arrays.equals(first.get(0), trained(data, 6).get(0)));
  }

  private static List<float[]> trained(Dataset data, long seed) {
    Graph model = residual(data.sampleShape(), seed);
    model.threads(2);
    model.fit(data, Fit.epochs(2).batchSize(32).optimizer(Adam.lr(1e-2)).seed(seed));
    List<float[]> weights = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      weights.add(p.value().clone());
    }
    return weights;
  }

  /** Three classes of 1 x size x size images: bright left, right or neither half. */
  static Dataset synthetic(int count, int size) {
    SplittableRandom random = new SplittableRandom(1);
    byte[] pixels = new byte[count * size * size];
    int[] labels = new int[count];
    for (int n = 0; n < count; n++) {
      labels[n] = n % 3;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          boolean bright = labels[n] == 0 ? x < size / 2 : labels[n] == 1 && x >= size / 2;
          int v = (bright ? 150 : 0) + random.nextInt(100);
          pixels[(n * size + y) * size + x] = (byte) v;
        }
      }
    }
    return Dataset.of(
        "synthetic",
        pixels,
        labels,
        Shape.of(1, size, size),
        List.of("left", "right", "dark"),
        0.4f,
        0.3f);
  }

  @Test
  void fitEvaluateAndPredictWorkOnAGraph() {
    Dataset data = synthetic(300, 8);
    Graph model = residual(data.sampleShape(), 1);
    model.fit(data, Fit.epochs(4).batchSize(30).optimizer(Adam.lr(1e-2)).seed(1));
    assertTrue(model.evaluate(data).accuracy() > 0.9, model.evaluate(data).report());
    float[] image = new float[64];
    for (int i = 0; i < 64; i++) {
      image[i] = i % 8 < 4 ? 0.9f : 0.1f;
    }
    assertEquals(0, model.predict(image).argmax());
  }

  private static Tensor randomBatch(int batch, Shape example, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(example.withBatch(batch));
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) random.nextDouble(-1, 1);
    }
    return t;
  }
}
