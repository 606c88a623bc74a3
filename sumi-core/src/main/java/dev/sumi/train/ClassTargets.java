package dev.sumi.train;

import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import java.util.Arrays;

/**
 * Target distributions for batches of class labels, in a reused buffer: one-hot, or with label
 * smoothing {@code e} (Szegedy et al. 2016) {@code (1 - e) * onehot + e / K} over the K outputs.
 */
final class ClassTargets {
  private final int classes;
  private final float on;
  private final float off;
  private final TensorBuffer targets;

  ClassTargets(Model model) {
    this(model, 0);
  }

  ClassTargets(Model model, double smoothing) {
    this(model.outputShape().size(), smoothing);
  }

  ClassTargets(int classes, double smoothing) {
    checkSmoothing(smoothing);
    this.classes = classes;
    this.off = (float) (smoothing / classes);
    this.on = (float) (1 - smoothing + smoothing / classes);
    this.targets = new TensorBuffer(Shape.of(classes));
  }

  static double checkSmoothing(double smoothing) {
    if (!(smoothing >= 0 && smoothing < 1)) {
      throw new IllegalArgumentException(
          "Label smoothing " + smoothing + " is invalid; expected 0 <= smoothing < 1.");
    }
    return smoothing;
  }

  /** (count, classes) target rows for the first {@code count} labels. */
  Tensor of(int[] labels, int count) {
    Tensor t = targets.get(count);
    float[] target = t.data();
    Arrays.fill(target, 0, count * classes, off);
    for (int i = 0; i < count; i++) {
      target[i * classes + labels[i]] = on;
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
