package dev.sumi.model;

import dev.sumi.nn.BatchNorm;
import dev.sumi.nn.Conv2D;
import dev.sumi.nn.Dense;
import dev.sumi.nn.GlobalAvgPool2D;
import dev.sumi.nn.ReLU;
import dev.sumi.tensor.Shape;

/**
 * A pre-activation ResNet (He et al. 2016, "Identity Mappings in Deep Residual Networks") for small
 * images: a 3x3 stem convolution, stages of basic blocks (BN-ReLU-Conv-BN-ReLU-Conv plus the
 * shortcut), then BN-ReLU, global average pooling and a dense layer. The first block of a stage
 * applies the stage's stride; where it changes the shape, the shortcut is a 1x1 convolution of the
 * pre-activated input. Convolutions have no bias, as a BatchNorm follows each.
 */
public final class PreActResNet {
  private final int stemWidth;
  private final int[] widths;
  private final int[] blocks;
  private final int[] strides;

  /**
   * A stem of {@code stemWidth} filters, then for each stage {@code blocks[s]} basic blocks of
   * {@code widths[s]} filters, the first with stride {@code strides[s]}.
   */
  public PreActResNet(int stemWidth, int[] widths, int[] blocks, int[] strides) {
    if (widths.length == 0 || widths.length != blocks.length || widths.length != strides.length) {
      throw new IllegalArgumentException(
          "A ResNet needs the same number (>= 1) of stage widths, block counts and strides, got "
              + widths.length
              + ", "
              + blocks.length
              + " and "
              + strides.length
              + ".");
    }
    this.stemWidth = stemWidth;
    this.widths = widths.clone();
    this.blocks = blocks.clone();
    this.strides = strides.clone();
  }

  /**
   * The zoo's {@code preact-resnet14}: stem 32 at 28x28, then stages of 32, 64 and 128 filters with
   * two blocks each, every stage halving the resolution (28, 14, 7, 4).
   */
  public static PreActResNet resnet14() {
    return new PreActResNet(32, new int[] {32, 64, 128}, new int[] {2, 2, 2}, new int[] {2, 2, 2});
  }

  /**
   * The zoo's {@code preact-resnet12}: a stem of 16 filters, then one block of 16 filters at full
   * resolution (28x28), two of 32 at half and two of 96 at quarter resolution (14, 7). Where {@link
   * #resnet14()} halves the resolution in its first block, this one's first stage sees every pixel,
   * and its widest stage is where a 3x3 convolution is cheapest.
   */
  public static PreActResNet resnet12() {
    return new PreActResNet(16, new int[] {16, 32, 96}, new int[] {1, 2, 2}, new int[] {1, 2, 2});
  }

  /** The network for {@code input} with {@code classes} outputs, weights from {@code seed}. */
  public Graph build(Shape input, int classes, long seed) {
    Node in = Graph.input(input);
    Node x = in.then(Conv2D.of(stemWidth, 3).same().noBias());
    int channels = stemWidth;
    for (int s = 0; s < widths.length; s++) {
      for (int b = 0; b < blocks[s]; b++) {
        x = block(x, channels, widths[s], b == 0 ? strides[s] : 1);
        channels = widths[s];
      }
    }
    Node out =
        x.then(BatchNorm.of()).then(ReLU.of()).then(GlobalAvgPool2D.of()).then(Dense.of(classes));
    return Graph.model(in, out, seed);
  }

  /**
   * One pre-activation basic block from {@code inChannels} to {@code filters} channels: x +
   * Conv(ReLU(BN(Conv(ReLU(BN(x)))))), with a strided 1x1 projection of ReLU(BN(x)) as the shortcut
   * when the stride or channel count changes.
   */
  public static Node block(Node x, int inChannels, int filters, int stride) {
    Node pre = x.then(BatchNorm.of()).then(ReLU.of());
    Node residual =
        pre.then(Conv2D.of(filters, 3).stride(stride).same().noBias())
            .then(BatchNorm.of())
            .then(ReLU.of())
            .then(Conv2D.of(filters, 3).same().noBias());
    Node shortcut =
        stride == 1 && inChannels == filters
            ? x
            : pre.then(Conv2D.of(filters, 1).stride(stride).same().noBias());
    return Graph.add(shortcut, residual);
  }
}
