package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import java.util.Map;

/** Recreates layers from their type name and configuration, as stored in model files. */
public final class Layers {
  private Layers() {}

  public static Layer fromConfig(String type, Map<String, Object> config) {
    Configs.Reader c = new Configs.Reader(type, config);
    return switch (type) {
      case "Conv2D" -> Conv2D.fromConfig(c);
      case "Dense" -> Dense.fromConfig(c);
      case "BatchNorm" -> BatchNorm.fromConfig(c);
      case "DepthwiseConv2D" -> DepthwiseConv2D.fromConfig(c);
      case "SeparableConv2D" -> SeparableConv2D.fromConfig(c);
      case "MaxPool2D" -> MaxPool2D.fromConfig(c);
      case "AvgPool2D" -> AvgPool2D.fromConfig(c);
      case "GlobalAvgPool2D" -> GlobalAvgPool2D.of();
      case "Dropout" -> Dropout.fromConfig(c);
      case "Flatten" -> Flatten.of();
      case "ReLU" -> ReLU.of();
      case "LeakyReLU" -> LeakyReLU.of(c.number("alpha", 0.01f));
      case "Sigmoid" -> Sigmoid.of();
      case "Tanh" -> Tanh.of();
      case "SiLU" -> SiLU.of();
      case "Resize" -> Resize.fromConfig(c);
      case "Softmax" -> Softmax.of();
      case "Add" -> Add.of();
      case "Concat" -> Concat.of();
      case "ChannelScale" -> ChannelScale.of();
      default ->
          throw new IllegalArgumentException(
              "Unknown layer type '" + type + "'; this build of sumi cannot recreate it.");
    };
  }

  static void putActivation(Map<String, Object> config, Activation activation) {
    config.put("activation", activation.id());
    if (activation.kind() == Activation.Kind.LEAKY_RELU) {
      config.put("alpha", (double) activation.alpha());
    }
  }
}
