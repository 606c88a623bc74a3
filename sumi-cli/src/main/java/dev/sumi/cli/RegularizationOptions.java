package dev.sumi.cli;

import dev.sumi.train.Fit;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code train}'s regularisation options: label smoothing, mixup, weight EMA, weight decay. */
final class RegularizationOptions {
  @Option(
      names = "--label-smoothing",
      paramLabel = "E",
      defaultValue = "0",
      description =
          "Train against targets (1 - E) * one-hot + E / classes, e.g. 0.1 (default: ${DEFAULT-VALUE}).")
  double labelSmoothing;

  @Option(
      names = "--mixup",
      paramLabel = "ALPHA",
      defaultValue = "0",
      description =
          "Mixup of each training batch with a shuffled copy of itself, by lambda ~ Beta(ALPHA,"
              + " ALPHA), e.g. 0.2; 0 is off (default: ${DEFAULT-VALUE}).")
  double mixup;

  @Option(
      names = "--ema",
      paramLabel = "DECAY",
      defaultValue = "0",
      description =
          "Keep an exponential moving average of the weights, e.g. 0.999, used for validation and"
              + " the saved model; 0 is off (default: ${DEFAULT-VALUE}).")
  double ema;

  @Option(
      names = "--weight-decay",
      paramLabel = "X",
      description =
          "Weight decay on weights (never biases or BatchNorm): L2 for sgd and adam, decoupled for"
              + " adamw (default: 0, or 0.01 for adamw).")
  Double weightDecay;

  /** Usage errors (exit 2) for values out of range. */
  void check() {
    Options.require(
        labelSmoothing >= 0 && labelSmoothing < 1,
        "--label-smoothing must be >= 0 and < 1, got " + labelSmoothing + ".");
    Options.require(
        mixup >= 0 && Double.isFinite(mixup),
        "--mixup must be >= 0 (0 is off), got " + mixup + ".");
    Options.require(ema >= 0 && ema < 1, "--ema must be >= 0 and < 1 (0 is off), got " + ema + ".");
    Options.require(
        weightDecay == null || (weightDecay >= 0 && Double.isFinite(weightDecay)),
        "--weight-decay must be >= 0, got " + weightDecay + ".");
  }

  void applyTo(Fit fit) {
    if (labelSmoothing > 0) {
      fit.labelSmoothing(labelSmoothing);
    }
    if (mixup > 0) {
      fit.mixup(mixup);
    }
    if (ema > 0) {
      fit.ema(ema);
    }
  }

  void record(Map<String, Object> config) {
    config.put("label_smoothing", labelSmoothing);
    config.put("mixup", mixup);
    config.put("ema", ema);
  }
}
