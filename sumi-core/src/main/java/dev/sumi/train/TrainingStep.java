package dev.sumi.train;

import dev.sumi.loss.Loss;
import dev.sumi.model.Model;
import dev.sumi.nn.Parameter;
import dev.sumi.nn.RunContext;
import dev.sumi.nn.StepTimes;
import dev.sumi.optim.Optimizer;
import dev.sumi.tensor.Tensor;
import java.util.List;

/**
 * One optimisation step on a batch of labelled images: forward pass, loss, backward pass and
 * optimizer update. {@link Trainer} runs every batch through it, and benchmarks time it alone. The
 * step is split in two so that the caller can look at the loss and outputs before the weights
 * change.
 */
public final class TrainingStep {
  private final Model model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final RunContext context;
  private final List<Parameter> parameters;
  private final ClassTargets targets;
  private Tensor output;

  public TrainingStep(Model model, Loss loss, Optimizer optimizer, RunContext context) {
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
    this.context = context;
    this.parameters = model.parameters();
    this.targets = new ClassTargets(model);
  }

  /**
   * Forward pass and loss on a batch of normalised images, whose class labels are the first {@code
   * images.batch()} entries of {@code labels}; returns the mean loss.
   */
  public float forward(Tensor images, int[] labels) {
    return forward(images, targets.of(labels, images.batch()));
  }

  /**
   * Forward pass and loss on a batch of normalised images against target distributions, (batch,
   * classes); returns the mean loss.
   */
  public float forward(Tensor images, Tensor targets) {
    output = model.forward(images, context);
    return loss.forward(output, targets);
  }

  /** The model's output for the batch of the last {@link #forward}, (batch, classes). */
  public Tensor output() {
    return output;
  }

  /**
   * Backward pass from the loss of the last {@link #forward}, then one update at rate {@code lr}.
   */
  public void update(float lr) {
    model.backward(loss.backward(), context);
    StepTimes times = context.stepTimes();
    long start = times == null ? 0 : System.nanoTime();
    optimizer.step(parameters, lr, context.kernels());
    if (times != null) {
      times.addOptimizer(System.nanoTime() - start);
    }
  }
}
