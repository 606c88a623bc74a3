package dev.sumi.train;

import dev.sumi.augment.Augmentation;
import dev.sumi.data.Dataset;
import dev.sumi.loss.Loss;
import dev.sumi.loss.SoftmaxCrossEntropy;
import dev.sumi.optim.Adam;
import dev.sumi.optim.LearningRateSchedule;
import dev.sumi.optim.Optimizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How to train: {@code Fit.epochs(12).batchSize(128).optimizer(Adam.lr(1e-3)).seed(7)}. Defaults:
 * batch 128, Adam 1e-3, constant rate, softmax cross-entropy, seed 0, the model's kernels.
 */
public final class Fit {
  private final int epochs;
  private int batchSize = 128;
  private Optimizer optimizer;
  private LearningRateSchedule schedule = LearningRateSchedule.constant();
  private Supplier<Loss> loss = SoftmaxCrossEntropy::new;
  private Dataset validation;
  private long seed;
  private int threads;
  private int patience;
  private Path checkpoint;
  private Augmentation augmentation;
  private double labelSmoothing;
  private double mixup;
  private double ema;
  private Duration timeLimit;
  private final List<TrainingListener> listeners = new ArrayList<>();

  private Fit(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("Epochs must be >= 1, got " + epochs + ".");
    }
    this.epochs = epochs;
  }

  public static Fit epochs(int epochs) {
    return new Fit(epochs);
  }

  public Fit batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("Batch size must be >= 1, got " + batchSize + ".");
    }
    this.batchSize = batchSize;
    return this;
  }

  public Fit optimizer(Optimizer optimizer) {
    this.optimizer = optimizer;
    return this;
  }

  public Fit schedule(LearningRateSchedule schedule) {
    this.schedule = schedule;
    return this;
  }

  /** The loss; a new instance per fit. Default: softmax cross-entropy. */
  public Fit loss(Supplier<Loss> loss) {
    this.loss = loss;
    return this;
  }

  /** Evaluated after every epoch. */
  public Fit validation(Dataset validation) {
    this.validation = validation;
    return this;
  }

  /**
   * Fixes shuffling, dropout and augmentation; with the same build seed and threads, runs are
   * bit-identical.
   */
  public Fit seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Threads for this fit (0: the model's kernels). */
  public Fit threads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("Threads must be >= 1, got " + threads + ".");
    }
    this.threads = threads;
    return this;
  }

  /**
   * Stops when the validation loss has not improved for {@code patience} epochs, and restores the
   * weights of the best epoch. Needs {@link #validation}.
   */
  public Fit earlyStopping(int patience) {
    if (patience < 1) {
      throw new IllegalArgumentException("Patience must be >= 1 epoch, got " + patience + ".");
    }
    this.patience = patience;
    return this;
  }

  /** Saves the model to {@code path} (atomically) after every epoch. */
  public Fit checkpoint(Path path) {
    this.checkpoint = path;
    return this;
  }

  /**
   * Augments every training batch on the fly (never validation data), e.g. {@code
   * augment(Augment.affine().rotate(10).then(Augment.elastic(34, 4)))}; random per image from the
   * fit seed, the epoch and the image's index, so runs stay reproducible.
   */
  public Fit augment(Augmentation augmentation) {
    this.augmentation = augmentation;
    return this;
  }

  /**
   * Trains against smoothed targets {@code (1 - e) * onehot + e / K} over the model's K outputs
   * (Szegedy et al. 2016), e.g. {@code labelSmoothing(0.1)}; 0 turns it off. Validation loss is
   * still measured against one-hot targets.
   */
  public Fit labelSmoothing(double e) {
    this.labelSmoothing = ClassTargets.checkSmoothing(e);
    return this;
  }

  /**
   * Mixup (Zhang et al. 2018): each training batch is mixed with a shuffled copy of itself, inputs
   * and targets alike, by a {@code lambda ~ Beta(alpha, alpha)} drawn per batch from the fit seed,
   * e.g. {@code mixup(0.2)}. Applied after augmentation; the training accuracy counts a prediction
   * of either example with its weight.
   */
  public Fit mixup(double alpha) {
    this.mixup = Mixup.checkAlpha(alpha);
    return this;
  }

  /**
   * Keeps an exponential moving average of the weights and of the layer state (BatchNorm running
   * statistics, averaged the same way), updated after every step with {@code decay}, e.g. {@code
   * ema(0.999)}; the effective decay ramps up as {@code min(decay, (1 + t) / (10 + t))} at step t.
   * Validation, checkpoints and early stopping see the averaged weights, and the model ends the fit
   * holding them; the training loss and accuracy are those of the raw weights.
   */
  public Fit ema(double decay) {
    this.ema = Ema.checkDecay(decay);
    return this;
  }

  /**
   * Keeps the run within {@code limit} of wall time (training and validation): after every epoch
   * the run is planned to end after the epochs that still fit at the pace of the last three, never
   * more than {@link #epochs}, and the learning-rate schedule runs over that plan, so a shortened
   * run still ends annealed. A run that keeps pace is unchanged, and as reproducible as without a
   * limit. Listeners hear of every change of plan ({@link TrainingListener#onReplan}).
   */
  public Fit timeLimit(Duration limit) {
    this.timeLimit = TimeLimit.check(limit);
    return this;
  }

  public Fit listener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  public int epochs() {
    return epochs;
  }

  public int batchSize() {
    return batchSize;
  }

  public Optimizer optimizer() {
    if (optimizer == null) {
      optimizer = Adam.lr(1e-3);
    }
    return optimizer;
  }

  public LearningRateSchedule schedule() {
    return schedule;
  }

  Loss newLoss() {
    return loss.get();
  }

  public Optional<Dataset> validation() {
    return Optional.ofNullable(validation);
  }

  public long seed() {
    return seed;
  }

  public int threads() {
    return threads;
  }

  public int patience() {
    return patience;
  }

  public Optional<Path> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }

  public Optional<Augmentation> augmentation() {
    return Optional.ofNullable(augmentation);
  }

  /** The label smoothing; 0 when off. */
  public double labelSmoothing() {
    return labelSmoothing;
  }

  /** The mixup alpha; 0 when off. */
  public double mixup() {
    return mixup;
  }

  /** The EMA decay; 0 when off. */
  public double ema() {
    return ema;
  }

  /** The wall-time limit, if any. */
  public Optional<Duration> timeLimit() {
    return Optional.ofNullable(timeLimit);
  }

  List<TrainingListener> listeners() {
    return listeners;
  }
}
