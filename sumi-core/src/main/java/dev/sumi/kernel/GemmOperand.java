package dev.sumi.kernel;

/**
 * One input of a matrix product as stored: element (row, col) of op(X) lives at {@code data[offset
 * + row * ld + col]}, or at {@code data[offset + col * ld + row]} when transposed.
 */
record GemmOperand(float[] data, int offset, int ld, boolean transposed) {

  static GemmOperand of(float[] data, int offset, int ld) {
    return new GemmOperand(data, offset, ld, false);
  }

  static GemmOperand transposed(float[] data, int offset, int ld) {
    return new GemmOperand(data, offset, ld, true);
  }
}
