package dev.sumi.model;

import dev.sumi.nn.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a model's layer table. */
final class Summary {
  private Summary() {}

  static String of(Model model) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "Layer", "Output shape", "Params", "FLOPs"});
    rows.add(new String[] {"", "Input", model.inputShape().toString(), "", ""});
    int i = 1;
    for (Layer layer : model.layers()) {
      long params = layer.parameters().stream().mapToLong(p -> p.size()).sum();
      rows.add(
          new String[] {
            Integer.toString(i++),
            describe(layer),
            layer.outputShape().toString(),
            String.format(Locale.ROOT, "%,d", params),
            flops(layer.flops())
          });
    }
    int[] width = new int[5];
    for (String[] row : rows) {
      for (int c = 0; c < 5; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder b = new StringBuilder();
    String rule = "-".repeat(width[0] + width[1] + width[2] + width[3] + width[4] + 8) + "\n";
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      b.append(
          String.format(
              Locale.ROOT,
              "%" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %" + width[3] + "s  %"
                  + width[4] + "s%n",
              (Object[]) row));
      if (r == 0) {
        b.append(rule);
      }
    }
    b.append(rule);
    b.append(
        String.format(
            Locale.ROOT,
            "Total parameters: %,d   Forward FLOPs per example: %s%n",
            model.parameterCount(),
            flops(model.flops())));
    return b.toString();
  }

  private static String describe(Layer layer) {
    StringBuilder b = new StringBuilder(layer.type());
    var config = layer.config();
    if (!config.isEmpty()) {
      b.append('(');
      boolean first = true;
      for (var e : config.entrySet()) {
        if (!first) {
          b.append(", ");
        }
        first = false;
        b.append(e.getKey()).append('=').append(e.getValue());
      }
      b.append(')');
    }
    return b.toString();
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
