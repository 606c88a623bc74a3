package dev.sumi.train;

import dev.sumi.data.Batches;
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
  private final ClassTargets targets;
  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

  public Evaluator(Model model, Kernels kernels) {
    this.model = model;
    this.kernels = kernels;
    this.targets = new ClassTargets(model);
  }

  public Evaluation evaluate(Dataset data) {
    ClassTargets.check(model, data, "evaluate");
    int n = data.size();
    int classes = model.outputShape().size();
    int[][] confusion = new int[classes][classes];
    RunContext context = RunContext.inference(kernels);
    double totalLoss = 0;
    int correct = 0;
    Batches batches = Batches.inOrder(data, BATCH);
    while (batches.next()) {
      int count = batches.count();
      Tensor logits = model.forward(batches.images(), context);
      totalLoss += (double) loss.forward(logits, targets.of(batches.labels(), count)) * count;
      for (int i = 0; i < count; i++) {
        int predicted = logits.argmax(i);
        int truth = batches.labels()[i];
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
