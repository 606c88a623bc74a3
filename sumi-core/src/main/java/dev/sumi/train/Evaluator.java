package dev.sumi.train;

import dev.sumi.data.Dataset;
import dev.sumi.kernel.Kernels;
import dev.sumi.loss.SoftmaxCrossEntropy;
import dev.sumi.model.Model;
import dev.sumi.nn.RunContext;
import dev.sumi.tensor.Tensor;

/** Runs a model over a data set in inference mode and tallies loss and confusion matrix. */
public final class Evaluator {
  private static final int BATCH = 250;
  private final Model model;
  private final Kernels kernels;
  private final Batches batches;
  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

  public Evaluator(Model model, Kernels kernels) {
    this.model = model;
    this.kernels = kernels;
    this.batches = new Batches(model, BATCH);
  }

  public Evaluation evaluate(Dataset data) {
    batches.check(data, "evaluate");
    int n = data.size();
    int classes = batches.classes();
    int[] order = Batches.identity(n);
    int[][] confusion = new int[classes][classes];
    RunContext context = RunContext.inference(kernels);
    double totalLoss = 0;
    int correct = 0;
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      Batches.Batch batch = batches.load(data, order, from, count);
      Tensor logits = model.forward(batch.images(), context);
      totalLoss += (double) loss.forward(logits, batch.targets()) * count;
      for (int i = 0; i < count; i++) {
        int predicted = logits.argmax(i);
        int truth = batch.labels()[i];
        confusion[truth][predicted]++;
        if (predicted == truth) {
          correct++;
        }
      }
    }
    return new Evaluation(
        n == 0 ? Double.NaN : totalLoss / n,
        n == 0 ? Double.NaN : (double) correct / n,
        confusion,
        data.classNames(),
        n);
  }
}
