package dev.sumi.train;

import dev.sumi.data.Dataset;
import dev.sumi.model.Model;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import java.util.Arrays;

/** Reusable input, label and one-hot target buffers for mini-batches of one model. */
final class Batches {
  private final Model model;
  private final int classes;
  private final TensorBuffer images;
  private final TensorBuffer targets;
  private final int[] labels;

  record Batch(Tensor images, int[] labels, Tensor targets) {}

  Batches(Model model, int maxBatch) {
    this.model = model;
    this.classes = model.outputShape().size();
    this.images = new TensorBuffer(model.inputShape());
    this.targets = new TensorBuffer(Shape.of(classes));
    this.labels = new int[maxBatch];
  }

  int classes() {
    return classes;
  }

  /** Checks that the data set fits the model, naming both shapes when not. */
  void check(Dataset data, String what) {
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
    if (data.numClasses() > classes) {
      throw new IllegalArgumentException(
          "Cannot "
              + what
              + " on "
              + data.name()
              + ": it has "
              + data.numClasses()
              + " classes but the model has "
              + classes
              + " outputs.");
    }
  }

  /** Normalised images, labels and one-hot targets of {@code order[from..from+count)}. */
  Batch load(Dataset data, int[] order, int from, int count) {
    Tensor x = images.get(count);
    data.fill(order, from, count, x.data(), labels);
    Tensor t = targets.get(count);
    float[] target = t.data();
    Arrays.fill(target, 0, count * classes, 0f);
    for (int i = 0; i < count; i++) {
      target[i * classes + labels[i]] = 1f;
    }
    return new Batch(x, labels, t);
  }

  static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
