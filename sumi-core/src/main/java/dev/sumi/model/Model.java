package dev.sumi.model;

import dev.sumi.data.Dataset;
import dev.sumi.io.Json;
import dev.sumi.io.ModelFile;
import dev.sumi.kernel.Kernels;
import dev.sumi.nn.Layer;
import dev.sumi.nn.Parameter;
import dev.sumi.nn.RunContext;
import dev.sumi.nn.StateTensor;
import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import dev.sumi.train.Ensemble;
import dev.sumi.train.Evaluation;
import dev.sumi.train.Evaluator;
import dev.sumi.train.Fit;
import dev.sumi.train.History;
import dev.sumi.train.Trainer;
import dev.sumi.train.Tta;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A built network: forward and backward over batches, training, evaluation, prediction and model
 * files. Build one with {@link Sequential} or {@link Graph}; read one with {@link #load(Path)}.
 *
 * <p>A model owns reusable buffers, so one model must not run two passes at once from different
 * threads.
 */
public abstract class Model {
  private Kernels kernels;
  private Normalization normalization = Normalization.NONE;
  private List<String> classNames = List.of();
  private TensorBuffer normalized;
  private TensorBuffer probabilities;
  private RunContext inference;

  /** Per-example input shape, e.g. (1, 28, 28). */
  public abstract Shape inputShape();

  /** Per-example output shape, e.g. (10). */
  public abstract Shape outputShape();

  /** The layers in execution order. */
  public abstract List<Layer> layers();

  /** Forward pass over a batch of already normalised inputs; returns the last layer's output. */
  public abstract Tensor forward(Tensor input, RunContext context);

  /** Backward pass from the gradient of the loss with respect to the output. */
  public abstract void backward(Tensor gradOutput, RunContext context);

  /** The architecture as a JSON-compatible map, enough to rebuild the model. */
  protected abstract Map<String, Object> architecture();

  /**
   * For each layer, the nodes it reads, as the summary shows them; empty when each layer reads the
   * one before.
   */
  List<String> layerInputs() {
    return List.of();
  }

  /** All trainable parameters, in a fixed order. */
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    for (Layer layer : layers()) {
      all.addAll(layer.parameters());
    }
    return all;
  }

  /** All non-trainable state tensors (e.g. running statistics), in a fixed order. */
  public List<StateTensor> state() {
    List<StateTensor> all = new ArrayList<>();
    for (Layer layer : layers()) {
      all.addAll(layer.state());
    }
    return all;
  }

  /**
   * Every array a model file stores: the parameters' values in {@link #parameters()} order, then
   * the state tensors in {@link #state()} order. Changing them changes the model.
   */
  public List<float[]> tensors() {
    List<float[]> all = new ArrayList<>();
    for (Parameter p : parameters()) {
      all.add(p.value());
    }
    for (StateTensor s : state()) {
      all.add(s.value());
    }
    return all;
  }

  public long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) {
      n += p.size();
    }
    return n;
  }

  /** Forward FLOPs for one example. */
  public long flops() {
    long n = 0;
    for (Layer layer : layers()) {
      n += layer.flops();
    }
    return n;
  }

  /** The layer table: layer, output shape, parameters, FLOPs and totals. */
  public String summary() {
    return Summary.of(this);
  }

  /** The kernels used by {@link #predict} and {@link #evaluate}, and by {@link #fit} by default. */
  public Kernels kernels() {
    if (kernels == null) {
      kernels = Kernels.best();
    }
    return kernels;
  }

  /** Use up to {@code threads} threads. */
  public Model threads(int threads) {
    this.kernels = Kernels.best(threads);
    return this;
  }

  /** How raw pixel values in [0, 1] are normalised before the first layer. */
  public Normalization normalization() {
    return normalization;
  }

  public Model normalization(Normalization normalization) {
    this.normalization = normalization;
    return this;
  }

  /** Names of the output classes, if known (set by training on a named data set). */
  public List<String> classNames() {
    return classNames;
  }

  public Model classNames(List<String> names) {
    this.classNames = List.copyOf(names);
    return this;
  }

  /** Trains on {@code train} as {@code fit} says; the model keeps the trained weights. */
  public History fit(Dataset train, Fit fit) {
    return new Trainer(this, fit).fit(train);
  }

  /** Loss, accuracy, per-class accuracy and confusion matrix on a data set. */
  public Evaluation evaluate(Dataset data) {
    return new Evaluator(this, kernels()).evaluate(data);
  }

  /**
   * As {@link #evaluate(Dataset)}, averaging the class probabilities of each image's views under
   * test-time augmentation, e.g. {@code evaluate(test, Tta.shifts(5))}.
   */
  public Evaluation evaluate(Dataset data, Tta tta) {
    return Ensemble.of(this).evaluate(data, tta).ensemble();
  }

  /**
   * Class probabilities (batch, classes) for raw images with pixel values in [0, 1], shaped (batch,
   * inputShape...). The returned tensor is reused by the next call.
   */
  public Tensor predict(Tensor images) {
    Shape s = images.shape();
    if (!s.isBatchOf(inputShape())) {
      throw new IllegalArgumentException(
          "predict expects a batch of images of shape "
              + inputShape()
              + " each, but got a tensor of shape "
              + s
              + ".");
    }
    int n = images.batch();
    if (normalized == null) {
      normalized = new TensorBuffer(inputShape());
      probabilities = new TensorBuffer(outputShape());
    }
    Tensor x = normalized.get(n);
    normalization.apply(images.data(), x.data(), images.size());
    if (inference == null || inference.kernels() != kernels()) {
      inference = RunContext.inference(kernels());
    }
    Tensor logits = forward(x, inference);
    Tensor p = probabilities.get(n);
    kernels().softmax(n, outputShape().size(), logits.data(), p.data());
    return p;
  }

  /** Class probabilities for one raw image (values in [0, 1], {@code inputShape} elements). */
  public Tensor predict(float[] image) {
    return predict(new Tensor(inputShape().withBatch(1), image));
  }

  /** Writes the model file atomically (see {@link ModelFile} for the format). */
  public void save(Path path) {
    try {
      ModelFile.write(path, Json.write(ModelFiles.header(this)), tensors());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the model file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads a model file written by {@link #save}. */
  public static Model load(Path path) {
    return ModelFiles.load(path);
  }

  Map<String, Object> architectureForFile() {
    return architecture();
  }
}
