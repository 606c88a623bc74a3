package dev.sumi.tensor;

/**
 * A float32 tensor: a {@link Shape} over a flat array in row-major (NCHW) order. The array may be
 * longer than the shape needs, so that buffers sized for a full batch also serve a smaller last
 * batch without reallocation.
 */
public final class Tensor {
  private final Shape shape;
  private final float[] data;

  public Tensor(Shape shape, float[] data) {
    if (data.length < shape.size()) {
      throw new IllegalArgumentException(
          "Tensor of shape "
              + shape
              + " needs "
              + shape.size()
              + " values but its array holds "
              + data.length
              + ".");
    }
    this.shape = shape;
    this.data = data;
  }

  public static Tensor zeros(Shape shape) {
    return new Tensor(shape, new float[shape.size()]);
  }

  public static Tensor zeros(int... dims) {
    return zeros(Shape.of(dims));
  }

  public static Tensor of(float[] data, int... dims) {
    return new Tensor(Shape.of(dims), data);
  }

  public Shape shape() {
    return shape;
  }

  /** The backing array; only the first {@link #size()} values belong to this tensor. */
  public float[] data() {
    return data;
  }

  public int size() {
    return shape.size();
  }

  /** Batch size: the leading dimension. */
  public int batch() {
    return shape.dim(0);
  }

  /** A tensor of another shape with the same number of elements over the same array. */
  public Tensor reshape(Shape to) {
    if (to.size() != shape.size()) {
      throw new IllegalArgumentException(
          "Cannot reshape " + shape + " to " + to + ": the element counts differ.");
    }
    return new Tensor(to, data);
  }

  public float get(int... index) {
    return data[offset(index)];
  }

  public void set(float value, int... index) {
    data[offset(index)] = value;
  }

  private int offset(int[] index) {
    if (index.length != shape.rank()) {
      throw new IllegalArgumentException(
          "Index of rank " + index.length + " for a tensor of shape " + shape + ".");
    }
    int o = 0;
    for (int i = 0; i < index.length; i++) {
      int d = shape.dim(i);
      if (index[i] < 0 || index[i] >= d) {
        throw new IndexOutOfBoundsException(
            "Index " + index[i] + " of dimension " + i + " is outside 0.." + (d - 1) + ".");
      }
      o = o * d + index[i];
    }
    return o;
  }

  /** Index of the largest value over all elements (for a single prediction: the class). */
  public int argmax() {
    return argmax(0, size());
  }

  /** Index of the largest value of row {@code row} of a (N, K) tensor. */
  public int argmax(int row) {
    int k = size() / batch();
    return argmax(row * k, k);
  }

  private int argmax(int from, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) {
      if (data[from + i] > data[from + best]) {
        best = i;
      }
    }
    return best;
  }

  /** A fresh array with exactly this tensor's values. */
  public float[] toArray() {
    return java.util.Arrays.copyOf(data, size());
  }

  /** An independent copy. */
  public Tensor copy() {
    return new Tensor(shape, toArray());
  }

  @Override
  public String toString() {
    return "Tensor" + shape;
  }
}
