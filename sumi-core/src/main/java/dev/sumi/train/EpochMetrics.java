package dev.sumi.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch achieved. Validation figures are NaN (and {@code validation} null) when no
 * validation set was given.
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    Evaluation validation,
    double learningRate,
    double seconds,
    double imagesPerSecond) {

  public double validationLoss() {
    return validation == null ? Double.NaN : validation.loss();
  }

  public double validationAccuracy() {
    return validation == null ? Double.NaN : validation.accuracy();
  }

  /** Mean per-class validation accuracy; see {@link Evaluation#balancedAccuracy()}. */
  public double validationBalancedAccuracy() {
    return validation == null ? Double.NaN : validation.balancedAccuracy();
  }

  /** One JSON-ready object, as written to {@code metrics.jsonl}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("train_loss", trainLoss);
    m.put("train_accuracy", trainAccuracy);
    if (validation != null) {
      m.put("val_loss", validation.loss());
      m.put("val_accuracy", validation.accuracy());
      m.put("val_balanced_accuracy", validation.balancedAccuracy());
    }
    m.put("lr", learningRate);
    m.put("seconds", seconds);
    m.put("images_per_second", imagesPerSecond);
    return m;
  }
}
