package dev.sumi.kernel;

/**
 * One input of a matrix product as stored: element (row, col) of op(X) lives at {@code data[offset
 * + row * ld + col]}, or at {@code data[offset + col * ld + row]} when transposed. Mutable, so that
 * per-image loops can point one operand at each image in turn instead of allocating.
 */
final class GemmOperand {
  private float[] data;
  private int offset;
  private int ld;
  private boolean transposed;

  static GemmOperand of(float[] data, int offset, int ld) {
    return new GemmOperand().set(data, offset, ld, false);
  }

  static GemmOperand transposed(float[] data, int offset, int ld) {
    return new GemmOperand().set(data, offset, ld, true);
  }

  GemmOperand set(float[] data, int offset, int ld, boolean transposed) {
    this.data = data;
    this.offset = offset;
    this.ld = ld;
    this.transposed = transposed;
    return this;
  }

  float[] data() {
    return data;
  }

  int offset() {
    return offset;
  }

  int ld() {
    return ld;
  }

  boolean transposed() {
    return transposed;
  }
}
