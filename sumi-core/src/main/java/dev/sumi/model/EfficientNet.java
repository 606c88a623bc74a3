package dev.sumi.model;

import dev.sumi.kernel.Activation;
import dev.sumi.nn.BatchNorm;
import dev.sumi.nn.ChannelScale;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.DepthwiseConv2D;
import dev.sumi.nn.Dropout;
import dev.sumi.nn.GlobalAvgPool2D;
import dev.sumi.nn.Resize;
import dev.sumi.nn.SiLU;
import dev.sumi.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An EfficientNet-style network of MBConv blocks (Tan and Le 2019) sized for 28x28 images, scaled
 * by one compound coefficient phi: depth by alpha^phi, width by beta^phi and input resolution by
 * gamma^phi (alpha 1.2, beta 1.1, gamma 1.15), each of which can also be set directly.
 *
 * <p>The base (phi 0) keeps EfficientNet-B0's first five stages with the stem and the first
 * down-sampling removed, so a 28x28 image goes through 28, 28, 14, 7, 4 and 4 pixels: stem Conv 32
 * 3x3; MBConv1 k3 16 x1; MBConv6 k3 24 x2 /2; MBConv6 k5 40 x2 /2; MBConv6 k3 80 x3 /2; MBConv6 k5
 * 112 x3; head Conv 448 1x1; global average pooling; Dropout 0.2; Dense. Every block has
 * squeeze-and-excitation with a quarter of its input channels.
 *
 * <p>Channels scale as in the reference implementation: c * width rounded to the nearest multiple
 * of 8 (at least 8, and not below 90% of c * width); block counts as ceil(n * depth); the
 * resolution as round(28 * gamma^phi) for a 28-pixel input. A resolution other than the input's
 * adds a bilinear {@link Resize} in front of the stem.
 */
public final class EfficientNet {
  public static final double ALPHA = 1.2;
  public static final double BETA = 1.1;
  public static final double GAMMA = 1.15;

  private static final int STEM = 32;
  private static final int HEAD = 448;
  private static final double DROPOUT = 0.2;

  /** One stage of the base network: expansion, kernel, first stride, channels, blocks. */
  record Stage(int expand, int kernel, int stride, int channels, int repeats) {}

  static final List<Stage> BASE =
      List.of(
          new Stage(1, 3, 1, 16, 1),
          new Stage(6, 3, 2, 24, 2),
          new Stage(6, 5, 2, 40, 2),
          new Stage(6, 3, 2, 80, 3),
          new Stage(6, 5, 1, 112, 3));

  private double phi;
  private Double depth;
  private Double width;
  private Integer resolution;
  private boolean squeezeExcite = true;

  private EfficientNet() {}

  /** The base network (phi 0). */
  public static EfficientNet base() {
    return new EfficientNet();
  }

  /** The network scaled by compound coefficient {@code phi} (0 is the base). */
  public static EfficientNet phi(double phi) {
    return new EfficientNet().compound(phi);
  }

  /** Sets the compound coefficient; explicit multipliers and resolution still take precedence. */
  public EfficientNet compound(double phi) {
    if (!(phi >= 0) || phi > 8) {
      throw new IllegalArgumentException("--phi must be between 0 and 8, got " + phi + ".");
    }
    this.phi = phi;
    return this;
  }

  /** Multiplies every stage's block count (instead of alpha^phi). */
  public EfficientNet depthMultiplier(double multiplier) {
    this.depth = positive("depth multiplier", multiplier);
    return this;
  }

  /** Multiplies every layer's channels (instead of beta^phi). */
  public EfficientNet widthMultiplier(double multiplier) {
    this.width = positive("width multiplier", multiplier);
    return this;
  }

  /** The side in pixels the input is resized to (instead of round(side * gamma^phi)). */
  public EfficientNet resolution(int pixels) {
    if (pixels < 8 || pixels > 1024) {
      throw new IllegalArgumentException(
          "The resolution must be between 8 and 1024 pixels, got " + pixels + ".");
    }
    this.resolution = pixels;
    return this;
  }

  /** Without the squeeze-and-excitation gates. */
  public EfficientNet withoutSqueezeExcite() {
    this.squeezeExcite = false;
    return this;
  }

  private static double positive(String what, double value) {
    if (!(value > 0) || value > 16) {
      throw new IllegalArgumentException(
          "The " + what + " must be > 0 and <= 16, got " + value + ".");
    }
    return value;
  }

  public double depthMultiplier() {
    return depth != null ? depth : Math.pow(ALPHA, phi);
  }

  public double widthMultiplier() {
    return width != null ? width : Math.pow(BETA, phi);
  }

  /** The resolution for inputs of {@code side} pixels. */
  public int resolutionFor(int side) {
    return resolution != null ? resolution : (int) Math.round(side * Math.pow(GAMMA, phi));
  }

  /** {@code base} channels scaled by the width multiplier and rounded to a multiple of 8. */
  public int channels(int base) {
    double scaled = base * widthMultiplier();
    int rounded = Math.max(8, (int) (scaled + 4) / 8 * 8);
    return rounded < 0.9 * scaled ? rounded + 8 : rounded;
  }

  /** {@code base} blocks scaled by the depth multiplier, rounded up. */
  public int repeats(int base) {
    return (int) Math.ceil(base * depthMultiplier() - 1e-9);
  }

  /** The settings, for run records. */
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("phi", phi);
    c.put("depth_multiplier", depthMultiplier());
    c.put("width_multiplier", widthMultiplier());
    if (resolution != null) {
      c.put("resolution", resolution);
    }
    c.put("squeeze_excite", squeezeExcite);
    return c;
  }

  /**
   * The network for square inputs {@code input} (channels, side, side) with {@code classes}
   * outputs, weights from {@code seed}.
   */
  public Graph build(Shape input, int classes, long seed) {
    if (input.rank() != 3 || input.dim(1) != input.dim(2)) {
      throw new IllegalArgumentException(
          "EfficientNet takes square images (channels, side, side), got " + input + ".");
    }
    Node in = Graph.input(input);
    Node x = in;
    int side = resolutionFor(input.dim(1));
    if (side != input.dim(1)) {
      x = x.then(Resize.of(side, side));
    }
    int channels = channels(STEM);
    x = x.then(Conv2D.of(channels, 3).same().noBias()).then(BatchNorm.of()).then(SiLU.of());
    for (Stage stage : BASE) {
      int out = channels(stage.channels());
      int n = repeats(stage.repeats());
      for (int b = 0; b < n; b++) {
        x =
            mbconv(
                x,
                channels,
                out,
                stage.expand(),
                stage.kernel(),
                b == 0 ? stage.stride() : 1,
                squeezeExcite);
        channels = out;
      }
    }
    Node out =
        x.then(Conv2D.of(channels(HEAD), 1).noBias())
            .then(BatchNorm.of())
            .then(SiLU.of())
            .then(GlobalAvgPool2D.of())
            .then(Dropout.of(DROPOUT))
            .then(Dense.of(classes));
    return Graph.model(in, out, seed);
  }

  /**
   * One MBConv block from {@code in} to {@code out} channels: 1x1 expansion to {@code in * expand}
   * channels (skipped when {@code expand} is 1), BN, SiLU, depthwise k x k with {@code stride}, BN,
   * SiLU, optionally squeeze-and-excitation (global average pooling, Dense in/4 with SiLU, Dense
   * with a sigmoid, channel scaling), 1x1 projection to {@code out}, BN, and the input added back
   * when the shapes match.
   */
  public static Node mbconv(
      Node x, int in, int out, int expand, int kernel, int stride, boolean squeezeExcite) {
    int mid = in * expand;
    Node h = x;
    if (expand != 1) {
      h = h.then(Conv2D.of(mid, 1).noBias()).then(BatchNorm.of()).then(SiLU.of());
    }
    h =
        h.then(DepthwiseConv2D.of(kernel).stride(stride).same().noBias())
            .then(BatchNorm.of())
            .then(SiLU.of());
    if (squeezeExcite) {
      Node gate =
          h.then(GlobalAvgPool2D.of())
              .then(Dense.of(Math.max(1, in / 4)))
              .then(SiLU.of())
              .then(Dense.of(mid).activation(Activation.SIGMOID));
      h = Graph.merge(ChannelScale.of(), h, gate);
    }
    h = h.then(Conv2D.of(out, 1).noBias()).then(BatchNorm.of());
    return stride == 1 && in == out ? Graph.add(x, h) : h;
  }
}
