package dev.sumi.cli;

import dev.sumi.model.EfficientNet;
import dev.sumi.model.Model;
import dev.sumi.model.Zoo;
import dev.sumi.tensor.Shape;
import java.util.Map;
import picocli.CommandLine.Option;

/** The compound scaling of the efficientnet zoo model, and building any zoo model by name. */
final class ScalingOptions {
  @Option(
      names = "--phi",
      paramLabel = "PHI",
      description =
          "efficientnet compound coefficient: depth x1.2^PHI, width x1.1^PHI, resolution"
              + " x1.15^PHI (default: 0).")
  Double phi;

  @Option(
      names = "--depth-mult",
      paramLabel = "D",
      description = "efficientnet block-count multiplier (overrides PHI's).")
  Double depth;

  @Option(
      names = "--width-mult",
      paramLabel = "W",
      description = "efficientnet channel multiplier (overrides PHI's).")
  Double width;

  @Option(
      names = "--resolution",
      paramLabel = "PIXELS",
      description = "efficientnet input side; images are resized bilinearly (overrides PHI's).")
  Integer resolution;

  private boolean any() {
    return phi != null || depth != null || width != null || resolution != null;
  }

  /** The scaled network; usage errors for bad values. */
  private EfficientNet efficientNet() {
    return Options.parse(
        () -> {
          EfficientNet net = EfficientNet.phi(phi == null ? 0 : phi);
          if (depth != null) {
            net.depthMultiplier(depth);
          }
          if (width != null) {
            net.widthMultiplier(width);
          }
          if (resolution != null) {
            net.resolution(resolution);
          }
          return net;
        });
  }

  /** Zoo model {@code model}, built; the scaling options only apply to efficientnet. */
  Model build(String model, Shape input, int classes, long seed) {
    Options.requireZooModel(model);
    if (model.equals("efficientnet")) {
      EfficientNet net = efficientNet();
      return Options.parse(() -> net.build(input, classes, seed));
    }
    Options.require(
        !any(),
        "--phi, --depth-mult, --width-mult and --resolution apply to --model efficientnet only.");
    return Zoo.build(model, input, classes, seed);
  }

  /** The scaling settings of {@code model} for run records; null when it has none. */
  Map<String, Object> config(String model, Shape input) {
    if (!model.equals("efficientnet")) {
      return null;
    }
    EfficientNet net = efficientNet();
    Map<String, Object> c = net.config();
    c.put("resolution", net.resolutionFor(input.dim(1)));
    return c;
  }
}
