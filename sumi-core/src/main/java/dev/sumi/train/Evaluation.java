package dev.sumi.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loss, accuracy, balanced accuracy, per-class accuracy and confusion matrix of a model on a data
 * set. {@code confusion[t][p]} counts examples of true class t predicted as p.
 */
public record Evaluation(
    double loss, double accuracy, int[][] confusion, List<String> classNames, int examples) {

  /** Accuracy on each true class (recall); NaN for a class with no examples. */
  public double[] perClassAccuracy() {
    double[] acc = new double[confusion.length];
    for (int t = 0; t < confusion.length; t++) {
      int total = 0;
      for (int count : confusion[t]) {
        total += count;
      }
      acc[t] = total == 0 ? Double.NaN : (double) confusion[t][t] / total;
    }
    return acc;
  }

  /**
   * The mean of the per-class accuracies (recalls) over the classes that have examples, so that
   * every class counts the same however many examples it has: the benchmark metric of imbalanced
   * sets such as Kuzushiji-49. Equals the accuracy on a balanced set; NaN without examples.
   */
  public double balancedAccuracy() {
    double sum = 0;
    int classes = 0;
    for (double recall : perClassAccuracy()) {
      if (!Double.isNaN(recall)) {
        sum += recall;
        classes++;
      }
    }
    return classes == 0 ? Double.NaN : sum / classes;
  }

  /**
   * JSON-ready: accuracy, balanced_accuracy, loss, examples, per_class_accuracy (by class name),
   * confusion_matrix.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accuracy", accuracy);
    double balanced = balancedAccuracy();
    m.put("balanced_accuracy", Double.isNaN(balanced) ? null : balanced);
    m.put("loss", loss);
    m.put("examples", examples);
    Map<String, Object> perClass = new LinkedHashMap<>();
    double[] acc = perClassAccuracy();
    for (int i = 0; i < acc.length; i++) {
      perClass.put(name(i), Double.isNaN(acc[i]) ? null : acc[i]);
    }
    m.put("per_class_accuracy", perClass);
    List<Object> rows = new ArrayList<>();
    for (int[] row : confusion) {
      List<Object> r = new ArrayList<>();
      for (int v : row) {
        r.add(v);
      }
      rows.add(r);
    }
    m.put("confusion_matrix", rows);
    return m;
  }

  private String name(int i) {
    return i < classNames.size() ? classNames.get(i) : Integer.toString(i);
  }

  /** A human-readable report: totals, per-class accuracy and the confusion matrix. */
  public String report() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "accuracy %.4f  balanced accuracy %.4f  loss %.4f  (%d examples)%n%n"
                + "per-class accuracy:%n",
            accuracy,
            balancedAccuracy(),
            loss,
            examples));
    double[] acc = perClassAccuracy();
    for (int i = 0; i < acc.length; i++) {
      b.append(String.format(Locale.ROOT, "  %-12s %.4f%n", name(i), acc[i]));
    }
    b.append("\nconfusion matrix (rows: true class, columns: predicted):\n");
    int width = 5;
    for (int[] row : confusion) {
      for (int v : row) {
        width = Math.max(width, Integer.toString(v).length() + 1);
      }
    }
    b.append(" ".repeat(14));
    for (int p = 0; p < confusion.length; p++) {
      b.append(String.format(Locale.ROOT, "%" + width + "s", shortName(p, width - 1)));
    }
    b.append('\n');
    for (int t = 0; t < confusion.length; t++) {
      b.append(String.format(Locale.ROOT, "  %-12s", shortName(t, 12)));
      for (int v : confusion[t]) {
        b.append(String.format(Locale.ROOT, "%" + width + "d", v));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private String shortName(int i, int max) {
    String n = name(i);
    return n.length() <= max ? n : n.substring(0, max);
  }
}
