package dev.sumi.train;

import dev.sumi.augment.Augmenter;
import dev.sumi.data.Batches;
import dev.sumi.data.Dataset;
import dev.sumi.kernel.Kernels;
import dev.sumi.model.Model;
import dev.sumi.model.Normalization;
import dev.sumi.nn.RunContext;
import dev.sumi.optim.Optimizer;
import dev.sumi.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The mini-batch training loop behind {@link Model#fit}. */
public final class Trainer {
  private final Model model;
  private final Fit fit;
  private final Kernels kernels;

  public Trainer(Model model, Fit fit) {
    this.model = model;
    this.fit = fit;
    this.kernels = fit.threads() > 0 ? Kernels.best(fit.threads()) : model.kernels();
  }

  public History fit(Dataset train) {
    long start = System.nanoTime();
    ClassTargets.check(model, train, "train");
    fit.validation().ifPresent(v -> ClassTargets.check(model, v, "validate"));
    model.normalization(new Normalization(train.mean(), train.std()));
    model.classNames(train.classNames());

    int n = train.size();
    int batchSize = fit.batchSize();
    Batches batches = Batches.shuffled(train, batchSize, fit.seed());
    int steps = batches.batchesPerEpoch();
    Augmenter augmenter =
        fit.augmentation()
            .map(a -> Augmenter.forData(a, train, fit.seed(), kernels.threads()))
            .orElse(null);
    Optimizer optimizer = fit.optimizer();
    TrainingStep trainingStep =
        new TrainingStep(model, fit.newLoss(), optimizer, RunContext.training(kernels, fit.seed()));
    Evaluator evaluator = new Evaluator(model, kernels);
    List<TrainingListener> listeners = fit.listeners();
    BatchProgress progress = new BatchProgress();
    progress.stepsPerEpoch = steps;

    TrainingPlan plan = new TrainingPlan(fit.epochs(), steps, batchSize, n, model.parameterCount());
    listeners.forEach(l -> l.onTrainStart(plan));
    TimeLimit timeLimit = fit.timeLimit().map(d -> new TimeLimit(d, fit.epochs())).orElse(null);
    int planned = fit.epochs();

    ClassTargets targets = new ClassTargets(model, fit.labelSmoothing());
    Mixup mixup = fit.mixup() > 0 ? new Mixup(fit.mixup(), fit.seed()) : null;
    Ema ema = fit.ema() > 0 ? new Ema(model.tensors(), fit.ema()) : null;

    List<EpochMetrics> epochs = new ArrayList<>();
    BestWeights best = new BestWeights(model.tensors());
    int sinceBest = 0;
    boolean stoppedEarly = false;
    for (int epoch = 1; epoch <= planned; epoch++) {
      batches.startEpoch(epoch);
      long epochStart = System.nanoTime();
      double lossSum = 0;
      double correct = 0;
      int seen = 0;
      float lr = optimizer.learningRate();
      for (int step = 0; batches.next(); step++) {
        if (augmenter != null) {
          augmenter.apply(batches, epoch);
        }
        int count = batches.count();
        int[] labels = batches.labels();
        Tensor images = batches.images();
        Tensor target = targets.of(labels, count);
        double lambda = mixup != null ? mixup.apply(images, target, epoch, step) : 1;
        float batchLoss = trainingStep.forward(images, target);
        Tensor output = trainingStep.output();
        if (!Float.isFinite(batchLoss)) {
          throw new TrainingException(nonFiniteMessage(batchLoss, epoch, step + 1, steps));
        }
        for (int i = 0; i < count; i++) {
          int predicted = output.argmax(i);
          if (predicted == labels[i]) {
            correct += lambda;
          }
          if (mixup != null && predicted == labels[mixup.partner(i)]) {
            correct += 1 - lambda;
          }
        }
        lossSum += (double) batchLoss * count;
        seen += count;
        double position = epoch - 1 + (double) step / steps;
        lr = (float) (optimizer.learningRate() * fit.schedule().multiplier(position, planned));
        trainingStep.update(lr);
        if (ema != null) {
          ema.update();
        }

        double seconds = (System.nanoTime() - epochStart) / 1e9;
        progress.epoch = epoch;
        progress.epochs = planned;
        progress.step = step + 1;
        progress.globalStep = (long) (epoch - 1) * steps + step + 1;
        progress.loss = lossSum / seen;
        progress.accuracy = correct / seen;
        progress.learningRate = lr;
        progress.epochSeconds = seconds;
        progress.imagesPerSecond = seen / Math.max(seconds, 1e-9);
        for (TrainingListener l : listeners) {
          l.onBatchEnd(progress);
        }
      }
      double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
      if (ema != null) {
        ema.swapIn();
      }
      Evaluation validation = fit.validation().map(evaluator::evaluate).orElse(null);
      EpochMetrics metrics =
          new EpochMetrics(
              epoch,
              lossSum / seen,
              correct / seen,
              validation,
              lr,
              trainSeconds,
              seen / trainSeconds);
      epochs.add(metrics);
      fit.checkpoint().ifPresent(model::save);
      listeners.forEach(l -> l.onEpochEnd(metrics));

      if (fit.patience() > 0 && validation != null) {
        if (best.offer(epoch, validation.loss())) {
          sinceBest = 0;
        } else if (++sinceBest >= fit.patience()) {
          stoppedEarly = true;
          best.restore();
          fit.checkpoint().ifPresent(model::save);
          break;
        }
      }
      if (timeLimit != null) {
        long now = System.nanoTime();
        int replanned =
            timeLimit.plannedEpochs(epoch, (now - epochStart) / 1e9, (now - start) / 1e9);
        if (replanned != planned) {
          planned = replanned;
          TrainingPlan next = plan.withEpochs(planned);
          listeners.forEach(l -> l.onReplan(next));
        }
      }
      if (ema != null && epoch < planned) {
        ema.restore();
      }
    }
    History history =
        new History(
            epochs,
            stoppedEarly,
            best.epoch() > 0 ? best.epoch() : epochs.size(),
            (System.nanoTime() - start) / 1e9);
    listeners.forEach(l -> l.onTrainEnd(history));
    return history;
  }

  private String nonFiniteMessage(float value, int epoch, int step, int steps) {
    return String.format(
        Locale.ROOT,
        "The training loss became %s at epoch %d, batch %d of %d; lower the learning rate%s.",
        Float.isNaN(value) ? "NaN" : "infinite",
        epoch,
        step,
        steps,
        fit.checkpoint().map(p -> " (the last good checkpoint is " + p + ")").orElse(""));
  }

  /** A copy of the weights and state of the epoch with the lowest validation loss so far. */
  private static final class BestWeights {
    private final List<float[]> arrays;
    private float[][] copies;
    private int epoch;
    private double loss = Double.POSITIVE_INFINITY;

    BestWeights(List<float[]> arrays) {
      this.arrays = arrays;
    }

    boolean offer(int epoch, double loss) {
      if (!(loss < this.loss)) {
        return false;
      }
      if (copies == null) {
        copies = new float[arrays.size()][];
        for (int i = 0; i < copies.length; i++) {
          copies[i] = new float[arrays.get(i).length];
        }
      }
      for (int i = 0; i < copies.length; i++) {
        System.arraycopy(arrays.get(i), 0, copies[i], 0, copies[i].length);
      }
      this.epoch = epoch;
      this.loss = loss;
      return true;
    }

    void restore() {
      for (int i = 0; i < copies.length; i++) {
        System.arraycopy(copies[i], 0, arrays.get(i), 0, copies[i].length);
      }
    }

    int epoch() {
      return epoch;
    }
  }
}
