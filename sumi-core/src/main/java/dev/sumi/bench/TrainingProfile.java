package dev.sumi.bench;

import dev.sumi.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes: each layer's forward and backward pass and the optimizer
 * update, in milliseconds per step, from {@link Benchmark#profile}. What no layer accounts for (the
 * loss, summing gradients where a graph branches, the batch hand-over) is {@link #otherMillis}.
 *
 * @param steps the training steps timed
 * @param stepMillis the mean wall time of a whole step
 */
public record TrainingProfile(
    int batchSize, long steps, double stepMillis, double optimizerMillis, List<Layer> layers) {

  /** One layer's row: its number in the model (from 1), description and times per step. */
  public record Layer(
      int number, String layer, Shape outputShape, double forwardMillis, double backwardMillis) {
    public double totalMillis() {
      return forwardMillis + backwardMillis;
    }
  }

  public TrainingProfile {
    layers = List.copyOf(layers);
  }

  /** The step time that no layer and not the optimizer accounts for. */
  public double otherMillis() {
    return stepMillis - optimizerMillis - layers.stream().mapToDouble(Layer::totalMillis).sum();
  }

  /** The profile under snake_case names, ready for JSON. */
  public Map<String, Object> toMap() {
    List<Object> rows = new ArrayList<>();
    for (Layer l : layers) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("layer", l.number());
      row.put("description", l.layer());
      row.put("output_shape", l.outputShape().toString());
      row.put("forward_ms", l.forwardMillis());
      row.put("backward_ms", l.backwardMillis());
      rows.add(row);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batch_size", batchSize);
    m.put("steps", steps);
    m.put("step_ms", stepMillis);
    m.put("optimizer_ms", optimizerMillis);
    m.put("other_ms", otherMillis());
    m.put("layers", rows);
    return m;
  }

  /** A table with one row per layer, then the optimizer, the rest and the whole step. */
  public String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"#", "Layer", "Output shape", "Forward", "Backward", "Total", "Share"});
    for (Layer l : layers) {
      rows.add(
          new String[] {
            Integer.toString(l.number()),
            l.layer(),
            l.outputShape().toString(),
            millis(l.forwardMillis()),
            millis(l.backwardMillis()),
            millis(l.totalMillis()),
            share(l.totalMillis())
          });
    }
    rows.add(summaryRow("optimizer update", optimizerMillis));
    rows.add(summaryRow("other (loss, gradient sums)", otherMillis()));
    rows.add(summaryRow("whole step", stepMillis));
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "Training at batch %d: milliseconds per step, mean of %,d steps%n",
            batchSize,
            steps));
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        String space = " ".repeat(width[c] - row[c].length());
        boolean text = c == 1 || c == 2;
        line.append(c > 0 ? "  " : "").append(text ? row[c] + space : space + row[c]);
      }
      b.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return b.toString();
  }

  private String[] summaryRow(String what, double ms) {
    return new String[] {"", what, "", "", "", millis(ms), share(ms)};
  }

  private String share(double ms) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ms / stepMillis);
  }

  private static String millis(double ms) {
    return String.format(Locale.ROOT, "%.3f", ms);
  }
}
