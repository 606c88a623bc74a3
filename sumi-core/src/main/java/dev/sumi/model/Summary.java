package dev.sumi.model;

import dev.sumi.nn.Layer;
import dev.sumi.nn.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a model's layer table. */
final class Summary {
  private Summary() {}

  static String of(Model model) {
    List<String> inputs = model.layerInputs();
    boolean graph = !inputs.isEmpty();
    List<String[]> rows = new ArrayList<>();
    rows.add(row(graph, "#", "Layer", "Inputs", "Output shape", "Params", "FLOPs"));
    rows.add(row(graph, graph ? "0" : "", "Input", "", model.inputShape().toString(), "", ""));
    int i = 1;
    for (Layer layer : model.layers()) {
      long params = layer.parameters().stream().mapToLong(p -> p.size()).sum();
      rows.add(
          row(
              graph,
              Integer.toString(i),
              Layers.describe(layer),
              graph ? inputs.get(i - 1) : "",
              layer.outputShape().toString(),
              String.format(Locale.ROOT, "%,d", params),
              flops(layer.flops())));
      i++;
    }
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    // Numbers right-aligned, text left-aligned.
    StringBuilder format = new StringBuilder();
    int total = 0;
    for (int c = 0; c < columns; c++) {
      boolean text = c > 0 && c < columns - 2;
      format.append(c > 0 ? "  " : "").append('%').append(text ? "-" : "").append(width[c]);
      format.append('s');
      total += width[c] + (c > 0 ? 2 : 0);
    }
    format.append("%n");
    StringBuilder b = new StringBuilder();
    String rule = "-".repeat(total) + "\n";
    for (int r = 0; r < rows.size(); r++) {
      b.append(String.format(Locale.ROOT, format.toString(), (Object[]) rows.get(r)));
      if (r == 0) {
        b.append(rule);
      }
    }
    b.append(rule);
    long state = model.state().stream().mapToLong(s -> s.size()).sum();
    b.append(
        String.format(
            Locale.ROOT,
            "Total parameters: %,d%s   Forward FLOPs per example: %s%n",
            model.parameterCount(),
            state == 0 ? "" : String.format(Locale.ROOT, " (plus %,d non-trainable)", state),
            flops(model.flops())));
    return b.toString();
  }

  /** A table row; the inputs column only for graphs. */
  private static String[] row(
      boolean graph,
      String index,
      String layer,
      String inputs,
      String shape,
      String params,
      String flops) {
    return graph
        ? new String[] {index, layer, inputs, shape, params, flops}
        : new String[] {index, layer, shape, params, flops};
  }

  static String flops(long flops) {
    if (flops >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2f G", flops / 1e9);
    }
    if (flops >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.2f M", flops / 1e6);
    }
    if (flops >= 1_000L) {
      return String.format(Locale.ROOT, "%.1f K", flops / 1e3);
    }
    return Long.toString(flops);
  }
}
