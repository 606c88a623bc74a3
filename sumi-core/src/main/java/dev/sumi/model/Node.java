package dev.sumi.model;

import dev.sumi.nn.Layer;
import dev.sumi.nn.MergeLayer;
import dev.sumi.tensor.Shape;
import java.util.List;

/**
 * A point of a graph model: its input ({@link Graph#input}), or a layer applied to earlier nodes
 * ({@link #then}, {@link Graph#add}, {@link Graph#concat}). Nodes are immutable and only refer to
 * nodes made before them, so a graph cannot have a cycle.
 */
public final class Node {
  private final Shape inputShape;
  private final Layer layer;
  private final List<Node> inputs;

  private Node(Shape inputShape, Layer layer, List<Node> inputs) {
    this.inputShape = inputShape;
    this.layer = layer;
    this.inputs = inputs;
  }

  static Node input(Shape shape) {
    return new Node(shape, null, List.of());
  }

  static Node merge(MergeLayer layer, List<Node> inputs) {
    if (inputs.size() < 2) {
      throw new IllegalArgumentException(
          layer.type() + " merges two or more nodes, got " + inputs.size() + ".");
    }
    return new Node(null, layer, List.copyOf(inputs));
  }

  /** A new node: {@code layer} applied to this node's output. */
  public Node then(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException("Node.then needs a layer, got null.");
    }
    return new Node(null, layer, List.of(this));
  }

  boolean isInput() {
    return layer == null;
  }

  /** The per-example shape of an input node. */
  Shape inputShape() {
    return inputShape;
  }

  /** The layer of this node; null for an input. */
  Layer layer() {
    return layer;
  }

  List<Node> inputs() {
    return inputs;
  }

  String type() {
    return isInput() ? "Input" : layer.type();
  }

  @Override
  public String toString() {
    return isInput() ? "Input" + inputShape : "Node(" + layer.type() + ")";
  }
}
