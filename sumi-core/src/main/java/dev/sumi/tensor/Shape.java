package dev.sumi.tensor;

import java.util.Arrays;

/** The dimensions of a tensor, outermost first (NCHW for image batches). Immutable. */
public final class Shape {
  private final int[] dims;
  private final long size;

  private Shape(int[] dims) {
    long n = 1;
    for (int d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "Shape " + Arrays.toString(dims) + " has a negative dimension; expected sizes >= 0.");
      }
      n *= d;
    }
    this.dims = dims;
    this.size = n;
  }

  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int i) {
    return dims[i < 0 ? dims.length + i : i];
  }

  public int[] dims() {
    return dims.clone();
  }

  /** Number of elements. */
  public int size() {
    if (size > Integer.MAX_VALUE) {
      throw new IllegalStateException("Shape " + this + " has more than 2^31-1 elements.");
    }
    return (int) size;
  }

  /** This shape with a leading batch dimension. */
  public Shape withBatch(int n) {
    int[] d = new int[dims.length + 1];
    d[0] = n;
    System.arraycopy(dims, 0, d, 1, dims.length);
    return new Shape(d);
  }

  /** Whether this is a batch of {@code example}: (n, example...) for some n. Allocates nothing. */
  public boolean isBatchOf(Shape example) {
    if (dims.length != example.dims.length + 1) {
      return false;
    }
    for (int i = 0; i < example.dims.length; i++) {
      if (dims[i + 1] != example.dims[i]) {
        return false;
      }
    }
    return true;
  }

  /** This shape without its leading dimension. */
  public Shape withoutBatch() {
    return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Written as {@code (1, 28, 28)}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(dims[i]);
    }
    return b.append(')').toString();
  }
}
