package dev.sumi.train;

import dev.sumi.optim.Adam;
import dev.sumi.optim.AdamW;
import dev.sumi.optim.Optimizer;
import dev.sumi.optim.SGD;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete training set-up for one data set: model, epochs, batch size, optimizer, learning-rate
 * schedule and augmentation, chosen to reach a target accuracy within a time budget. The schedule
 * and augmentation are in the command line's spelling ({@code cosine}, {@code
 * flip+affine:shift=0.1}) so that a recipe reads like the command it stands for.
 *
 * @param name the recipe's name within its data set, e.g. {@code best}
 * @param dataset the data set it is for, e.g. {@code mnist}
 * @param model a zoo model name
 * @param epochs training epochs
 * @param batchSize mini-batch size
 * @param optimizer {@code sgd} (Nesterov momentum 0.9), {@code adam} or {@code adamw}
 * @param lr the peak learning rate
 * @param weightDecay L2 (sgd, adam) or decoupled (adamw) weight decay; 0 for none
 * @param schedule {@code constant}, {@code cosine} or {@code step}
 * @param warmup linear warm-up epochs before the schedule
 * @param augment the augmentation spec, {@code none} for none
 * @param labelSmoothing label smoothing; 0 for none
 * @param ema decay of the exponential moving average of the weights that is evaluated and saved; 0
 *     for none
 * @param timeLimit wall time the run must keep within (fewer epochs when they would not fit, see
 *     {@link Fit#timeLimit}); {@link Duration#ZERO} for none
 */
public record Recipe(
    String name,
    String dataset,
    String model,
    int epochs,
    int batchSize,
    String optimizer,
    double lr,
    double weightDecay,
    String schedule,
    double warmup,
    String augment,
    double labelSmoothing,
    double ema,
    Duration timeLimit) {

  /** A builder starting from Adam 1e-3, cosine, batch 128, 15 epochs and no augmentation. */
  public static Builder builder(String name, String dataset, String model) {
    return new Builder(name, dataset, model);
  }

  /** A builder holding this recipe's settings, to derive another from it. */
  public Builder toBuilder() {
    return new Builder(name, dataset, model)
        .epochs(epochs)
        .batchSize(batchSize)
        .optimizer(optimizer, lr, weightDecay)
        .schedule(schedule, warmup)
        .augment(augment)
        .labelSmoothing(labelSmoothing)
        .ema(ema)
        .timeLimit(timeLimit);
  }

  /** The optimizer {@code name} with this recipe's conventions (Nesterov SGD, weight decay). */
  public static Optimizer optimizer(String name, double lr, double weightDecay) {
    return switch (name) {
      case "sgd" -> SGD.lr(lr).momentum(0.9).nesterov().weightDecay(weightDecay);
      case "adam" -> Adam.lr(lr).weightDecay(weightDecay);
      case "adamw" -> AdamW.lr(lr).weightDecay(weightDecay);
      default ->
          throw new IllegalArgumentException(
              "Unknown optimizer '" + name + "'; expected sgd, adam or adamw.");
    };
  }

  /** This recipe's optimizer. */
  public Optimizer newOptimizer() {
    return optimizer(optimizer, lr, weightDecay);
  }

  /** Every setting, for run records. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("dataset", dataset);
    m.put("model", model);
    m.put("epochs", epochs);
    m.put("batch_size", batchSize);
    m.put("optimizer", optimizer);
    m.put("lr", lr);
    m.put("weight_decay", weightDecay);
    m.put("schedule", schedule);
    m.put("warmup", warmup);
    m.put("augment", augment);
    m.put("label_smoothing", labelSmoothing);
    m.put("ema", ema);
    m.put("time_limit_seconds", timeLimit.isZero() ? null : timeLimit.toSeconds());
    return m;
  }

  /** Builds a {@link Recipe}; settings not given keep the defaults of {@link #builder}. */
  public static final class Builder {
    private String name;
    private final String dataset;
    private String model;
    private int epochs = 15;
    private int batchSize = 128;
    private String optimizer = "adam";
    private double lr = 1e-3;
    private double weightDecay;
    private String schedule = "cosine";
    private double warmup;
    private String augment = "none";
    private double labelSmoothing;
    private double ema;
    private Duration timeLimit = Duration.ZERO;

    private Builder(String name, String dataset, String model) {
      this.name = name;
      this.dataset = dataset;
      this.model = model;
    }

    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder optimizer(String optimizer, double lr, double weightDecay) {
      this.optimizer = optimizer;
      this.lr = lr;
      this.weightDecay = weightDecay;
      return this;
    }

    public Builder schedule(String schedule, double warmupEpochs) {
      this.schedule = schedule;
      this.warmup = warmupEpochs;
      return this;
    }

    public Builder augment(String spec) {
      this.augment = spec;
      return this;
    }

    public Builder labelSmoothing(double labelSmoothing) {
      this.labelSmoothing = labelSmoothing;
      return this;
    }

    public Builder ema(double decay) {
      this.ema = decay;
      return this;
    }

    /** The wall-time limit; {@link Duration#ZERO} for none. */
    public Builder timeLimit(Duration limit) {
      this.timeLimit = limit.isZero() ? limit : TimeLimit.check(limit);
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The zoo model to train. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Recipe build() {
      return new Recipe(
          name,
          dataset,
          model,
          epochs,
          batchSize,
          optimizer,
          lr,
          weightDecay,
          schedule,
          warmup,
          augment,
          labelSmoothing,
          ema,
          timeLimit);
    }
  }
}
