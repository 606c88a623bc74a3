package dev.sumi.model;

import dev.sumi.nn.BatchNorm;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.Dropout;
import dev.sumi.nn.Flatten;
import dev.sumi.nn.GlobalAvgPool2D;
import dev.sumi.nn.Layer;
import dev.sumi.nn.MaxPool2D;
import dev.sumi.nn.ReLU;
import dev.sumi.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/** Named architectures for 28x28 single-channel images (see the README for their origins). */
public final class Zoo {
  private Zoo() {}

  private static final List<String> NAMES =
      List.of(
          "seed-minimal",
          "lenet5",
          "keras-simple",
          "tf-tutorial",
          "vgg-bn",
          "allconv-bn",
          "preact-resnet14",
          "preact-resnet12",
          "efficientnet");

  /** Graph models, which {@link #build} makes but {@link #create} cannot. */
  private static final List<String> GRAPHS =
      List.of("preact-resnet14", "preact-resnet12", "efficientnet");

  public static List<String> names() {
    return NAMES;
  }

  /**
   * Any zoo model by name, built for per-example inputs of {@code input} with {@code classes}
   * outputs and weights from {@code seed}. {@code efficientnet} is the base network; scale it with
   * {@link EfficientNet}.
   */
  public static Model build(String name, Shape input, int classes, long seed) {
    return switch (name) {
      case "preact-resnet14" -> PreActResNet.resnet14().build(input, classes, seed);
      case "preact-resnet12" -> PreActResNet.resnet12().build(input, classes, seed);
      case "efficientnet" -> EfficientNet.base().build(input, classes, seed);
      default -> create(name, classes).build(input, seed);
    };
  }

  /** An unbuilt {@link Sequential} model by name, with {@code classes} outputs. */
  public static Sequential create(String name, int classes) {
    if (GRAPHS.contains(name)) {
      throw new IllegalArgumentException(
          "Zoo model '" + name + "' is a graph model; make it with Zoo.build.");
    }
    return switch (name) {
      case "seed-minimal" ->
          Sequential.of(Conv2D.of(8, 3), MaxPool2D.of(2), Flatten.of(), Dense.of(classes));
      case "lenet5" ->
          Sequential.of(
              Conv2D.of(6, 5).same().relu(),
              MaxPool2D.of(2),
              Conv2D.of(16, 5).relu(),
              MaxPool2D.of(2),
              Flatten.of(),
              Dense.of(120).relu(),
              Dense.of(84).relu(),
              Dense.of(classes));
      case "keras-simple" ->
          Sequential.of(
              Conv2D.of(32, 3).relu(),
              Conv2D.of(64, 3).relu(),
              MaxPool2D.of(2),
              Dropout.of(0.25),
              Flatten.of(),
              Dense.of(128).relu(),
              Dropout.of(0.5),
              Dense.of(classes));
      case "tf-tutorial" ->
          Sequential.of(
              Conv2D.of(32, 5).same().relu(),
              MaxPool2D.of(2),
              Conv2D.of(64, 5).same().relu(),
              MaxPool2D.of(2),
              Flatten.of(),
              Dense.of(1024).relu(),
              Dropout.of(0.5),
              Dense.of(classes));
      case "vgg-bn" ->
          Sequential.of(
              Conv2D.of(32, 3).same().noBias(),
              BatchNorm.of(),
              ReLU.of(),
              Conv2D.of(32, 3).same().noBias(),
              BatchNorm.of(),
              ReLU.of(),
              MaxPool2D.of(2),
              Conv2D.of(64, 3).same().noBias(),
              BatchNorm.of(),
              ReLU.of(),
              Conv2D.of(64, 3).same().noBias(),
              BatchNorm.of(),
              ReLU.of(),
              MaxPool2D.of(2),
              Conv2D.of(128, 3).same().noBias(),
              BatchNorm.of(),
              ReLU.of(),
              GlobalAvgPool2D.of(),
              Dense.of(classes));
      case "allconv-bn" -> allConvBn(classes);
      default ->
          throw new IllegalArgumentException(
              "Unknown model '" + name + "'; expected one of " + String.join(", ", NAMES) + ".");
    };
  }

  /**
   * Convolutions with batch normalisation where strided 5x5 convolutions take the place of pooling
   * (28, 26, 24, 12, 10, 8, 4, 1), with dropout between the stages; the shape of the strongest
   * single CNNs on Kaggle's digit recogniser.
   */
  private static Sequential allConvBn(int classes) {
    List<Layer> layers = new ArrayList<>();
    int[][] convs = {
      {32, 3, 1}, {32, 3, 1}, {32, 5, 2}, {64, 3, 1}, {64, 3, 1}, {64, 5, 2}, {128, 4, 1}
    };
    for (int[] c : convs) {
      Conv2D conv = Conv2D.of(c[0], c[1]).noBias();
      layers.add(c[2] == 1 ? conv : conv.stride(c[2]).same());
      layers.add(BatchNorm.of());
      layers.add(ReLU.of());
      if (c[2] == 2) {
        layers.add(Dropout.of(0.4));
      }
    }
    layers.add(Flatten.of());
    layers.add(Dropout.of(0.4));
    layers.add(Dense.of(classes));
    return Sequential.of(layers);
  }

  /** An unbuilt model by name with 10 outputs. */
  public static Sequential create(String name) {
    return create(name, 10);
  }
}
