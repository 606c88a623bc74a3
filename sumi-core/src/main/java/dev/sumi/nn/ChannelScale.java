package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import dev.sumi.tensor.TensorBuffer;
import java.util.List;

/**
 * Multiplies each channel of its first input, (C, H, W), by the matching value of its second, (C):
 * the gate of a squeeze-and-excitation block (Hu et al. 2018).
 */
public final class ChannelScale extends AbstractMerge {
  private int channels;
  private int plane;
  private TensorBuffer gradFeatures;
  private TensorBuffer gradScales;
  private Tensor features;
  private Tensor scales;

  private ChannelScale() {}

  public static ChannelScale of() {
    return new ChannelScale();
  }

  @Override
  public String type() {
    return "ChannelScale";
  }

  @Override
  protected Shape computeOutputShape(List<Shape> inputs) {
    Shape x = inputs.get(0);
    if (inputs.size() != 2
        || x.rank() != 3
        || inputs.get(1).rank() != 1
        || inputs.get(1).dim(0) != x.dim(0)) {
      throw new ShapeException(
          "ChannelScale needs (channels, height, width) and (channels), but got "
              + describe(inputs)
              + ".");
    }
    channels = x.dim(0);
    plane = x.dim(1) * x.dim(2);
    gradFeatures = new TensorBuffer(x);
    gradScales = new TensorBuffer(inputs.get(1));
    return x;
  }

  @Override
  public Tensor forward(Tensor[] inputs, RunContext context) {
    checkInputs(inputs);
    features = inputs[0];
    scales = inputs[1];
    Tensor out = output(inputs[0].batch());
    float[] x = inputs[0].data();
    float[] s = inputs[1].data();
    float[] y = out.data();
    int planes = inputs[0].batch() * channels;
    for (int p = 0; p < planes; p++) {
      float scale = s[p];
      for (int i = p * plane, end = i + plane; i < end; i++) {
        y[i] = x[i] * scale;
      }
    }
    return out;
  }

  @Override
  public void backward(Tensor gradOutput, RunContext context, Tensor[] gradInputs) {
    int batch = gradOutput.batch();
    Tensor gx = gradFeatures.get(batch);
    Tensor gs = gradScales.get(batch);
    float[] g = gradOutput.data();
    float[] x = features.data();
    float[] s = scales.data();
    float[] dx = gx.data();
    float[] ds = gs.data();
    int planes = batch * channels;
    for (int p = 0; p < planes; p++) {
      float scale = s[p];
      double sum = 0;
      for (int i = p * plane, end = i + plane; i < end; i++) {
        dx[i] = g[i] * scale;
        sum += (double) g[i] * x[i];
      }
      ds[p] = (float) sum;
    }
    gradInputs[0] = gx;
    gradInputs[1] = gs;
  }

  @Override
  public long flops() {
    return (long) channels * plane;
  }
}
