package dev.sumi.nn;

import dev.sumi.kernel.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recreates layers from their type name and configuration, as stored in model files, and describes
 * them in one line for tables.
 */
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

  /** The type and the settings that differ from the usual defaults, e.g. Conv2D(32, 3x3, relu). */
  public static String describe(Layer layer) {
    List<String> parts = new ArrayList<>();
    for (var e : layer.config().entrySet()) {
      String key = e.getKey();
      String value = String.valueOf(e.getValue());
      boolean usual =
          switch (key) {
            case "bias" -> value.equals("true");
            case "activation" -> value.equals("none");
            case "padding" -> value.equals("valid");
            case "depth_multiplier" -> value.equals("1");
            case "momentum" -> value.equals("0.1");
            case "epsilon" -> value.equals("1.0E-5");
            case "stride" ->
                layer.config().get("size") instanceof Number size
                    ? value.equals(size.toString())
                    : value.equals("1");
            default -> false;
          };
      if (!usual) {
        parts.add(key.equals("activation") ? value : key + "=" + value);
      }
    }
    return parts.isEmpty() ? layer.type() : layer.type() + "(" + String.join(", ", parts) + ")";
  }

  static void putActivation(Map<String, Object> config, Activation activation) {
    config.put("activation", activation.id());
    if (activation.kind() == Activation.Kind.LEAKY_RELU) {
      config.put("alpha", (double) activation.alpha());
    }
  }
}
