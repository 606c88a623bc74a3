package dev.sumi.model;

import dev.sumi.nn.Add;
import dev.sumi.nn.BuildContext;
import dev.sumi.nn.Concat;
import dev.sumi.nn.Layer;
import dev.sumi.nn.MergeLayer;
import dev.sumi.nn.ReluFusion;
import dev.sumi.nn.RunContext;
import dev.sumi.nn.ShapeException;
import dev.sumi.nn.StepTimes;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A model whose layers form a directed acyclic graph, for residual and multi-branch networks:
 *
 * <pre>{@code
 * Node in = Graph.input(Shape.of(1, 28, 28));
 * Node x = in.then(Conv2D.of(16, 3).same().relu());
 * Node y = x.then(Conv2D.of(16, 3).same().relu()).then(Conv2D.of(16, 3).same());
 * Node out = Graph.add(x, y).then(ReLU.of()).then(GlobalAvgPool2D.of()).then(Dense.of(10));
 * Graph model = Graph.model(in, out);
 * }</pre>
 *
 * <p>Building infers and checks every node's shape. Nodes run in a fixed order: inputs before the
 * nodes that read them, branches in the order they are listed. A node read by several others gets
 * the sum of their gradients.
 */
public final class Graph extends Model {
  private final Shape inputShape;
  private final List<Node> nodes;
  private final List<Layer> layers;
  private final boolean inputGradientKept;
  // Per node, indexed in execution order; node 0 is the input.
  private final Layer[] nodeLayer;
  private final MergeLayer[] merge;
  private final int[][] inputs;
  private final int[] consumers;
  private final Tensor[] outputs;
  private final Tensor[] grads;
  private final TensorBuffer[] gradBuffers;
  private final Tensor[][] mergeInputs;
  private final Tensor[][] mergeGrads;
  private final boolean[][] takenWithoutCopy;

  /** The input of a graph, with its per-example shape, e.g. (1, 28, 28). */
  public static Node input(Shape shape) {
    return Node.input(shape);
  }

  /** The element-wise sum of two or more nodes of one shape (a residual connection). */
  public static Node add(Node... inputs) {
    return merge(Add.of(), inputs);
  }

  /** Two or more nodes joined along channels. */
  public static Node concat(Node... inputs) {
    return merge(Concat.of(), inputs);
  }

  /** Any merge layer applied to two or more nodes. */
  public static Node merge(MergeLayer layer, Node... inputs) {
    return Node.merge(layer, Arrays.asList(inputs));
  }

  /** Builds the model that computes {@code output} from {@code input}; weights from seed 0. */
  public static Graph model(Node input, Node output) {
    return model(input, output, 0L);
  }

  /**
   * Builds the model that computes {@code output} from {@code input}, inferring and checking every
   * node's shape, and initialises the weights from {@code seed}. A shape error names the node, its
   * inputs and the shapes.
   */
  public static Graph model(Node input, Node output, long seed) {
    return new Graph(input, output, seed, false);
  }

  Graph(Node input, Node output, long seed, boolean keepInputGradient) {
    if (input == null || !input.isInput()) {
      throw new IllegalArgumentException(
          "Graph.model needs a node made by Graph.input as its input, but got " + input + ".");
    }
    if (output == input) {
      throw new IllegalArgumentException("The graph has no layers: its output is its input.");
    }
    this.inputShape = input.inputShape();
    this.nodes = executionOrder(input, output);
    this.inputGradientKept = keepInputGradient;
    int count = nodes.size();
    Map<Node, Integer> index = new IdentityHashMap<>();
    for (int i = 0; i < count; i++) {
      index.put(nodes.get(i), i);
    }
    nodeLayer = new Layer[count];
    merge = new MergeLayer[count];
    inputs = new int[count][];
    consumers = new int[count];
    outputs = new Tensor[count];
    grads = new Tensor[count];
    gradBuffers = new TensorBuffer[count];
    mergeInputs = new Tensor[count][];
    mergeGrads = new Tensor[count][];
    takenWithoutCopy = new boolean[count][];
    inputs[0] = new int[0];
    Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 1; i < count; i++) {
      Node node = nodes.get(i);
      nodeLayer[i] = node.layer();
      if (!seen.add(nodeLayer[i])) {
        throw new IllegalArgumentException(
            "The same "
                + nodeLayer[i].type()
                + " layer object is used by two nodes; create a new layer for each node.");
      }
      inputs[i] = node.inputs().stream().mapToInt(index::get).toArray();
      for (int from : inputs[i]) {
        consumers[from]++;
      }
      if (nodeLayer[i] instanceof MergeLayer m) {
        merge[i] = m;
        mergeInputs[i] = new Tensor[inputs[i].length];
        mergeGrads[i] = new Tensor[inputs[i].length];
        takenWithoutCopy[i] = new boolean[inputs[i].length];
      }
    }
    consumers[count - 1]++; // the loss reads the output
    layers = Collections.unmodifiableList(Arrays.asList(Arrays.copyOfRange(nodeLayer, 1, count)));
    build(seed);
    for (int i = 1; i < count; i++) {
      int from = inputs[i][0];
      if (merge[i] == null && from != 0 && consumers[from] == 1) {
        ReluFusion.fuse(nodeLayer[from], nodeLayer[i]);
      }
    }
  }

  /**
   * The nodes that {@code output} depends on, each after its inputs: a depth-first walk from the
   * output that visits inputs in the order given, so the order follows from the graph alone.
   */
  private static List<Node> executionOrder(Node input, Node output) {
    List<Node> order = new ArrayList<>();
    Set<Node> entered = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> stack = new ArrayList<>();
    List<Integer> next = new ArrayList<>();
    stack.add(output);
    next.add(0);
    entered.add(output);
    while (!stack.isEmpty()) {
      int top = stack.size() - 1;
      Node node = stack.get(top);
      if (node.isInput() && node != input) {
        throw new IllegalArgumentException(
            "The output is not computed from the model's input alone: it reads another Graph.input"
                + " of shape "
                + node.inputShape()
                + "; a graph model has exactly one input.");
      }
      int k = next.get(top);
      if (k < node.inputs().size()) {
        next.set(top, k + 1);
        Node in = node.inputs().get(k);
        if (entered.add(in)) {
          stack.add(in);
          next.add(0);
        }
      } else {
        order.add(node);
        stack.remove(top);
        next.remove(top);
      }
    }
    return order;
  }

  private void build(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Shape[] shapes = new Shape[nodeLayer.length];
    shapes[0] = inputShape;
    for (int i = 1; i < nodeLayer.length; i++) {
      boolean needsInputGradient = inputGradientKept;
      List<Shape> in = new ArrayList<>();
      for (int from : inputs[i]) {
        in.add(shapes[from]);
        needsInputGradient |= from != 0;
      }
      BuildContext context = new BuildContext(random.split(), needsInputGradient);
      try {
        shapes[i] =
            merge[i] != null ? merge[i].build(in, context) : nodeLayer[i].build(in.get(0), context);
      } catch (ShapeException e) {
        throw new ShapeException("Node " + i + " (" + describe(i) + "): " + e.getMessage());
      }
    }
  }

  /** E.g. {@code Add of node 1 (Conv2D) and node 2 (Conv2D)}. */
  private String describe(int i) {
    List<String> from = new ArrayList<>();
    for (int j : inputs[i]) {
      from.add("node " + j + " (" + nodes.get(j).type() + ")");
    }
    return nodeLayer[i].type() + " of " + String.join(" and ", from);
  }

  @Override
  public Shape inputShape() {
    return inputShape;
  }

  @Override
  public Shape outputShape() {
    return nodeLayer[nodeLayer.length - 1].outputShape();
  }

  @Override
  public List<Layer> layers() {
    return layers;
  }

  @Override
  public Tensor forward(Tensor input, RunContext context) {
    if (!input.shape().isBatchOf(inputShape)) {
      throw new ShapeException(
          "The graph model takes examples of shape "
              + inputShape
              + " but got a batch of shape "
              + input.shape()
              + ".");
    }
    outputs[0] = input;
    StepTimes times = context.stepTimes();
    for (int i = 1; i < nodeLayer.length; i++) {
      long start = times == null ? 0 : System.nanoTime();
      if (merge[i] != null) {
        Tensor[] x = mergeInputs[i];
        for (int j = 0; j < x.length; j++) {
          x[j] = outputs[inputs[i][j]];
        }
        outputs[i] = merge[i].forward(x, context);
      } else {
        outputs[i] = nodeLayer[i].forward(outputs[inputs[i][0]], context);
      }
      if (times != null) {
        times.addForward(i - 1, System.nanoTime() - start);
      }
    }
    return outputs[nodeLayer.length - 1];
  }

  @Override
  public void backward(Tensor gradOutput, RunContext context) {
    Arrays.fill(grads, null);
    deliver(nodeLayer.length - 1, gradOutput, true);
    StepTimes times = context.stepTimes();
    for (int i = nodeLayer.length - 1; i > 0; i--) {
      Tensor g = grads[i];
      grads[i] = null;
      long start = times == null ? 0 : System.nanoTime();
      if (merge[i] != null) {
        Tensor[] gi = mergeGrads[i];
        boolean[] taken = takenWithoutCopy[i];
        merge[i].backward(g, context, gi);
        if (times != null) {
          times.addBackward(i - 1, System.nanoTime() - start);
        }
        for (int j = 0; j < gi.length; j++) {
          taken[j] = false;
          if (wantsGradient(inputs[i][j])) {
            taken[j] = deliver(inputs[i][j], check(gi[j], i), !sharedWithEarlier(gi, taken, j));
          }
        }
      } else {
        Tensor gi = nodeLayer[i].backward(g, context);
        if (times != null) {
          times.addBackward(i - 1, System.nanoTime() - start);
        }
        if (wantsGradient(inputs[i][0])) {
          deliver(inputs[i][0], check(gi, i), true);
        }
      }
    }
  }

  private boolean wantsGradient(int node) {
    return node != 0 || inputGradientKept;
  }

  private Tensor check(Tensor gradient, int node) {
    if (gradient == null) {
      throw new IllegalStateException(
          "Node " + node + " (" + nodeLayer[node].type() + ") returned no input gradient.");
    }
    return gradient;
  }

  /** Whether gradient {@code j} shares its array with one handed on without a copy before it. */
  private static boolean sharedWithEarlier(Tensor[] gradients, boolean[] taken, int j) {
    for (int k = 0; k < j; k++) {
      if (taken[k] && gradients[k].data() == gradients[j].data()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds one consumer's gradient to node {@code target}'s. A node with a single consumer takes the
   * tensor itself when nobody else holds it (as in a plain stack of layers; its layer may then
   * overwrite it); otherwise the gradient is copied or summed into the node's own buffer. Returns
   * whether the tensor was taken without a copy.
   */
  private boolean deliver(int target, Tensor gradient, boolean mayTake) {
    if (grads[target] == null && consumers[target] == 1 && mayTake) {
      grads[target] = gradient;
      return true;
    }
    float[] g = gradient.data();
    int n = gradient.size();
    if (grads[target] == null) {
      if (gradBuffers[target] == null) {
        gradBuffers[target] = new TensorBuffer(gradient.shape().withoutBatch());
      }
      Tensor own = gradBuffers[target].get(gradient.batch());
      System.arraycopy(g, 0, own.data(), 0, n);
      grads[target] = own;
    } else {
      float[] sum = grads[target].data();
      for (int k = 0; k < n; k++) {
        sum[k] += g[k];
      }
    }
    return false;
  }

  /** The gradient with respect to the input of the last backward, if kept at build time. */
  Tensor inputGradient() {
    return grads[0];
  }

  @Override
  List<String> layerInputs() {
    List<String> list = new ArrayList<>();
    for (int i = 1; i < nodeLayer.length; i++) {
      list.add(String.join(", ", Arrays.stream(inputs[i]).mapToObj(Integer::toString).toList()));
    }
    return list;
  }

  @Override
  protected Map<String, Object> architecture() {
    List<Object> list = new ArrayList<>();
    for (int i = 1; i < nodeLayer.length; i++) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", nodeLayer[i].type());
      entry.put("config", nodeLayer[i].config());
      entry.put("inputs", Arrays.stream(inputs[i]).boxed().map(Object.class::cast).toList());
      list.add(entry);
    }
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("class", "Graph");
    a.put("input_shape", Sequential.toList(inputShape));
    a.put("nodes", list);
    a.put("output", nodeLayer.length - 1);
    return a;
  }

  /** The nodes in execution order; node 0 is the input. */
  List<Node> nodes() {
    return nodes;
  }
}
