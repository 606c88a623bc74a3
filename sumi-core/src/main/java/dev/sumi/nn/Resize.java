package dev.sumi.nn;

import dev.sumi.tensor.Shape;
import dev.sumi.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bilinear resizing of every channel to (height, width), with half-pixel centres as PyTorch's
 * {@code interpolate(mode="bilinear", align_corners=False)}: output pixel i samples the input at (i
 * + 0.5) * in / out - 0.5, clamped to the image.
 */
public final class Resize extends AbstractLayer {
  private final int height;
  private final int width;
  private int channels;
  private int inHeight;
  private int inWidth;
  // Per output row (column): the first input row (column) it reads and the weight of the next.
  private int[] row;
  private float[] rowWeight;
  private int[] col;
  private float[] colWeight;

  private Resize(int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "Resize needs a height and width >= 1, got " + height + "x" + width + ".");
    }
    this.height = height;
    this.width = width;
  }

  /** Resizes (C, H, W) inputs to (C, height, width). */
  public static Resize of(int height, int width) {
    return new Resize(height, width);
  }

  static Resize fromConfig(Configs.Reader c) {
    return of(c.integer("height"), c.integer("width"));
  }

  @Override
  public String type() {
    return "Resize";
  }

  @Override
  protected Shape computeOutputShape(Shape in) {
    if (in.rank() != 3) {
      throw shapeError(in, "(channels, height, width)");
    }
    channels = in.dim(0);
    inHeight = in.dim(1);
    inWidth = in.dim(2);
    row = new int[height];
    rowWeight = new float[height];
    col = new int[width];
    colWeight = new float[width];
    taps(inHeight, height, row, rowWeight);
    taps(inWidth, width, col, colWeight);
    return Shape.of(channels, height, width);
  }

  private static void taps(int in, int out, int[] first, float[] weight) {
    double scale = (double) in / out;
    for (int i = 0; i < out; i++) {
      double src = Math.max((i + 0.5) * scale - 0.5, 0);
      int i0 = Math.min((int) src, in - 1);
      first[i] = i0;
      weight[i] = i0 + 1 < in ? (float) (src - i0) : 0f;
    }
  }

  @Override
  public Tensor forward(Tensor in, RunContext context) {
    checkInput(in);
    Tensor out = output(in.batch());
    float[] x = in.data();
    float[] y = out.data();
    int planes = in.batch() * channels;
    int inPlane = inHeight * inWidth;
    for (int p = 0; p < planes; p++) {
      int base = p * inPlane;
      int o = p * height * width;
      for (int i = 0; i < height; i++) {
        int r0 = base + row[i] * inWidth;
        int r1 = rowWeight[i] > 0f ? r0 + inWidth : r0;
        float wy = rowWeight[i];
        for (int j = 0; j < width; j++) {
          int c0 = col[j];
          int c1 = colWeight[j] > 0f ? c0 + 1 : c0;
          float wx = colWeight[j];
          float top = x[r0 + c0] + wx * (x[r0 + c1] - x[r0 + c0]);
          float bottom = x[r1 + c0] + wx * (x[r1 + c1] - x[r1 + c0]);
          y[o++] = top + wy * (bottom - top);
        }
      }
    }
    return out;
  }

  @Override
  public Tensor backward(Tensor gradOutput, RunContext context) {
    if (!inputGradient()) {
      return null;
    }
    int batch = gradOutput.batch();
    Tensor gradIn = gradInput(batch);
    float[] g = gradOutput.data();
    float[] gi = gradIn.data();
    Arrays.fill(gi, 0, gradIn.size(), 0f);
    int planes = batch * channels;
    int inPlane = inHeight * inWidth;
    for (int p = 0; p < planes; p++) {
      int base = p * inPlane;
      int o = p * height * width;
      for (int i = 0; i < height; i++) {
        int r0 = base + row[i] * inWidth;
        int r1 = rowWeight[i] > 0f ? r0 + inWidth : r0;
        float wy = rowWeight[i];
        for (int j = 0; j < width; j++) {
          int c0 = col[j];
          int c1 = colWeight[j] > 0f ? c0 + 1 : c0;
          float wx = colWeight[j];
          float top = (1f - wy) * g[o];
          float bottom = wy * g[o++];
          gi[r0 + c0] += (1f - wx) * top;
          gi[r0 + c1] += wx * top;
          gi[r1 + c0] += (1f - wx) * bottom;
          gi[r1 + c1] += wx * bottom;
        }
      }
    }
    return gradIn;
  }

  /** Three interpolations of two operations each per output value. */
  @Override
  public long flops() {
    return 6L * channels * height * width;
  }

  @Override
  public Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("height", height);
    c.put("width", width);
    return c;
  }
}
