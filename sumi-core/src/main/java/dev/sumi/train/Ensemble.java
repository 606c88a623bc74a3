package dev.sumi.train;

import dev.sumi.augment.Augment;
import dev.sumi.augment.Augmentation;
import dev.sumi.augment.Sample;
import dev.sumi.data.Batches;
import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.nn.RunContext;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Models whose class probabilities are averaged: {@code Ensemble.of(a, b).evaluate(test)}, with
 * optional test-time augmentation ({@link Tta}), whose views are averaged the same way. Every
 * member sees each view once; the evaluation reports the ensemble and each member (over the same
 * views). The loss is the mean of {@code -log} of the averaged probability of the true class, and
 * for one model and one view it equals {@link Model#evaluate(Dataset)} exactly.
 */
public final class Ensemble {
  private static final int BATCH = 250;
  private final List<Model> models;

  private Ensemble(List<Model> models) {
    this.models = List.copyOf(models);
  }

  public static Ensemble of(Model... models) {
    return of(List.of(models));
  }

  /** Members named {@code member 1}, {@code member 2}, ... in errors. */
  public static Ensemble of(List<Model> models) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= models.size(); i++) {
      names.add("member " + i);
    }
    return of(models, names);
  }

  /**
   * An ensemble of {@code models}, named in errors by {@code names} (e.g. their files).
   *
   * @throws IllegalArgumentException naming the first member whose input shape or number of outputs
   *     differs from the first one's
   */
  public static Ensemble of(List<Model> models, List<String> names) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("An ensemble needs at least one model.");
    }
    if (names.size() != models.size()) {
      throw new IllegalArgumentException(
          "An ensemble of " + models.size() + " models got " + names.size() + " names.");
    }
    Model first = models.get(0);
    for (int i = 1; i < models.size(); i++) {
      Model m = models.get(i);
      if (!m.inputShape().equals(first.inputShape())
          || !m.outputShape().equals(first.outputShape())) {
        throw new IllegalArgumentException(
            "Ensemble "
                + names.get(i)
                + " takes inputs of shape "
                + m.inputShape()
                + " with "
                + m.outputShape().size()
                + " outputs but "
                + names.get(0)
                + " takes "
                + first.inputShape()
                + " with "
                + first.outputShape().size()
                + "; all members must take the same input shape and give the same classes.");
      }
    }
    return new Ensemble(models);
  }

  public List<Model> models() {
    return models;
  }

  /** The averaged class probabilities (batch, classes) of raw images with values in [0, 1]. */
  public Tensor predict(Tensor images) {
    Tensor sum = null;
    for (Model m : models) {
      Tensor p = m.predict(images);
      if (sum == null) {
        sum = new Tensor(p.shape(), p.toArray());
      } else {
        for (int i = 0; i < p.size(); i++) {
          sum.data()[i] += p.data()[i];
        }
      }
    }
    float inv = 1f / models.size();
    for (int i = 0; i < sum.size(); i++) {
      sum.data()[i] *= inv;
    }
    return sum;
  }

  public EnsembleEvaluation evaluate(Dataset data) {
    return evaluate(data, Tta.none());
  }

  /** The ensemble and each member on {@code data}, each averaging over the views of {@code tta}. */
  public EnsembleEvaluation evaluate(Dataset data, Tta tta) {
    for (Model m : models) {
      ClassTargets.check(m, data, "evaluate");
    }
    int members = models.size();
    int views = tta.size();
    int classes = models.get(0).outputShape().size();
    Shape sampleShape = data.sampleShape();
    int sampleSize = sampleShape.size();
    Sample sample = needsSample(tta) ? newSample(data) : null;
    RunContext[] contexts = new RunContext[members];
    for (int m = 0; m < members; m++) {
      contexts[m] = RunContext.inference(models.get(m).kernels());
    }
    float[] viewImages = new float[BATCH * sampleSize];
    double[][] probabilities = new double[members][BATCH * classes];
    double[][][] truthLogProbability = new double[members][views][BATCH];
    Tally all = new Tally(classes);
    Tally[] each = new Tally[members];
    for (int m = 0; m < members; m++) {
      each[m] = new Tally(classes);
    }
    double[] logs = new double[members * views];

    Batches batches = Batches.inOrder(data, BATCH);
    while (batches.next()) {
      int count = batches.count();
      int[] labels = batches.labels();
      for (double[] p : probabilities) {
        Arrays.fill(p, 0, count * classes, 0);
      }
      Tensor input = new Tensor(sampleShape.withBatch(count), viewImages);
      for (int v = 0; v < views; v++) {
        System.arraycopy(batches.images().data(), 0, viewImages, 0, count * sampleSize);
        Augmentation view = tta.views().get(v);
        if (sample != null && view != Augment.none()) {
          for (int k = 0; k < count; k++) {
            sample.reset(
                viewImages, k * sampleSize, Mixup.mix(Mixup.mix(v) + batches.sampleIndex(k)));
            view.apply(sample);
          }
        }
        for (int m = 0; m < members; m++) {
          Tensor logits = models.get(m).forward(input, contexts[m]);
          accumulate(
              logits.data(), count, classes, labels, probabilities[m], truthLogProbability[m][v]);
        }
      }
      for (int b = 0; b < count; b++) {
        int truth = labels[b];
        for (int m = 0; m < members; m++) {
          for (int v = 0; v < views; v++) {
            logs[m * views + v] = truthLogProbability[m][v][b];
          }
          each[m].add(
              truth,
              argmax(probabilities, m, m + 1, b, classes),
              logMeanExp(logs, m * views, views));
        }
        all.add(
            truth,
            argmax(probabilities, 0, members, b, classes),
            logMeanExp(logs, 0, members * views));
      }
      all.endBatch(count);
      for (Tally t : each) {
        t.endBatch(count);
      }
    }
    List<Evaluation> memberResults = new ArrayList<>();
    for (Tally t : each) {
      memberResults.add(t.evaluation(data));
    }
    return new EnsembleEvaluation(all.evaluation(data), memberResults);
  }

  private static boolean needsSample(Tta tta) {
    for (Augmentation view : tta.views()) {
      if (view != Augment.none()) {
        return true;
      }
    }
    return false;
  }

  private static Sample newSample(Dataset data) {
    Shape s = data.sampleShape();
    if (s.rank() != 3) {
      throw new IllegalArgumentException(
          "Test-time augmentation needs images of shape (C, H, W); "
              + data.name()
              + " has samples of shape "
              + s
              + ".");
    }
    return new Sample(
        s.dim(0), s.dim(1), s.dim(2), data.normalized(0), data.normalized(0), data.normalized(255));
  }

  /**
   * Adds the softmax of each row of logits to {@code probabilities} and stores the log-probability
   * of the true class, computed as {@link dev.sumi.loss.SoftmaxCrossEntropy} does so that a single
   * view of a single model gives its loss to the last bit.
   */
  private static void accumulate(
      float[] z, int count, int classes, int[] labels, double[] probabilities, double[] truth) {
    for (int b = 0; b < count; b++) {
      int o = b * classes;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, z[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += (float) Math.exp(z[o + j] - max);
      }
      double logSum = Math.log(sum) + max;
      for (int j = 0; j < classes; j++) {
        probabilities[o + j] += Math.exp(z[o + j] - logSum);
      }
      truth[b] = z[o + labels[b]] - logSum;
    }
  }

  /** The class with the largest summed probability over members {@code from .. to-1}. */
  private static int argmax(double[][] probabilities, int from, int to, int row, int classes) {
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < classes; j++) {
      double p = 0;
      for (int m = from; m < to; m++) {
        p += probabilities[m][row * classes + j];
      }
      if (p > bestValue) {
        best = j;
        bestValue = p;
      }
    }
    return best;
  }

  /** log(mean(exp(x))) over {@code n} values from {@code from}, exactly x for one value. */
  private static double logMeanExp(double[] x, int from, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < from + n; i++) {
      max = Math.max(max, x[i]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (int i = from; i < from + n; i++) {
      sum += Math.exp(x[i] - max);
    }
    return max + Math.log(sum) - Math.log(n);
  }

  /** Loss and confusion matrix, summed per batch as {@link Evaluator} does. */
  private static final class Tally {
    private final int[][] confusion;
    private double batchLoss;
    private double totalLoss;
    private int correct;
    private int examples;

    Tally(int classes) {
      confusion = new int[classes][classes];
    }

    void add(int truth, int predicted, double logProbability) {
      confusion[truth][predicted]++;
      if (truth == predicted) {
        correct++;
      }
      batchLoss -= logProbability;
    }

    void endBatch(int count) {
      totalLoss += (double) (float) (batchLoss / count) * count;
      batchLoss = 0;
      examples += count;
    }

    Evaluation evaluation(Dataset data) {
      int n = examples;
      return new Evaluation(
          n == 0 ? Double.NaN : totalLoss / n,
          n == 0 ? Double.NaN : (double) correct / n,
          confusion,
          data.classNames(),
          n);
    }
  }
}
