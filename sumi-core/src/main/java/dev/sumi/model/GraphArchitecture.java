package dev.sumi.model;

import dev.sumi.nn.Layer;
import dev.sumi.nn.Layers;
import dev.sumi.nn.MergeLayer;
import dev.sumi.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rebuilding a graph model from the architecture in a model file. */
final class GraphArchitecture {
  private GraphArchitecture() {}

  /** Rebuilds a graph from what {@code Graph.architecture()} wrote, with fresh weights. */
  @SuppressWarnings("unchecked")
  static Graph read(Map<String, Object> arch, Shape inputShape) {
    List<Node> built = new ArrayList<>();
    built.add(Graph.input(inputShape));
    Object entries = arch.get("nodes");
    if (!(entries instanceof List<?>)) {
      throw new IllegalArgumentException("the graph lacks its list of nodes");
    }
    for (Object o : (List<Object>) entries) {
      Map<String, Object> entry = (Map<String, Object>) o;
      int id = built.size();
      Layer l =
          Layers.fromConfig((String) entry.get("type"), (Map<String, Object>) entry.get("config"));
      List<Node> from = new ArrayList<>();
      for (Object ref : (List<Object>) entry.get("inputs")) {
        int j = ((Number) ref).intValue();
        if (j < 0 || j >= id) {
          throw new IllegalArgumentException(
              "node " + id + " reads node " + j + ", which does not come before it");
        }
        from.add(built.get(j));
      }
      if (l instanceof MergeLayer m) {
        built.add(Node.merge(m, from));
      } else if (from.size() == 1) {
        built.add(from.get(0).then(l));
      } else {
        throw new IllegalArgumentException(
            "node " + id + " (" + l.type() + ") reads " + from.size() + " nodes; it takes one");
      }
    }
    Object out = arch.get("output");
    if (!(out instanceof Number n) || n.intValue() != built.size() - 1 || built.size() < 2) {
      throw new IllegalArgumentException("the graph's output must be its last node");
    }
    Graph graph = Graph.model(built.get(0), built.get(built.size() - 1));
    if (!graph.nodes().equals(built)) {
      throw new IllegalArgumentException(
          "the graph's nodes are not all used, or not listed in execution order");
    }
    return graph;
  }
}
