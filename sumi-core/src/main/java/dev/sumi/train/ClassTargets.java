package dev.sumi.train;

import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import java.util.Arrays;

/** One-hot target distributions for batches of class labels, in a reused buffer. */
final class ClassTargets {
  private final int classes;
  private final TensorBuffer targets;

  ClassTargets(Model model) {
    this.classes = model.outputShape().size();
    this.targets = new TensorBuffer(Shape.of(classes));
  }

  /** (count, classes) one-hot rows for the first {@code count} labels. */
  Tensor of(int[] labels, int count) {
    Tensor t = targets.get(count);
    float[] target = t.data();
    Arrays.fill(target, 0, count * classes, 0f);
    for (int i = 0; i < count; i++) {
      target[i * classes + labels[i]] = 1f;
    }
    return t;
  }

  /** Checks that a data set fits a model, naming both shapes or class counts when not. */
  static void check(Model model, Dataset data, String what) {
    if (!data.sampleShape().equals(model.inputShape())) {
      throw new IllegalArgumentException(
          "Cannot "
              + what
              + " on "
              + data.name()
              + ": its images are "
              + data.sampleShape()
              + " but the model takes "
              + model.inputShape()
              + ".");
    }
    int outputs = model.outputShape().size();
    if (data.numClasses() > outputs) {
      throw new IllegalArgumentException(
          "Cannot "
              + what
              + " on "
              + data.name()
              + ": it has "
              + data.numClasses()
              + " classes but the model has "
              + outputs
              + " outputs.");
    }
  }
}
