package dev.sumi.kernel;

/**
 * One input of a matrix product as stored: element (row, col) of op(X) lives at {@code data[offset
 * + row * ld + col]}, or at {@code data[offset + col * ld + row]} when transposed. Stored rows may
 * instead start at arbitrary offsets ({@link #setRows}): a convolution's column matrix is then read
 * straight from the image, each row being the image shifted by one kernel tap. Mutable, so that
 * per-image loops can point one operand at each image in turn instead of allocating.
 */
final class GemmOperand {
  private float[] data;
  private int offset;
  private int ld;
  private int[] rowOffsets;
  private int[] columnOffsets;
  private boolean transposed;
  // Bumped whenever the operand is re-pointed, so a packed copy can tell it is still current.
  private long version;

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
    this.rowOffsets = null;
    this.columnOffsets = null;
    this.transposed = transposed;
    version++;
    return this;
  }

  /** Stored row r starts at {@code data[offset + rowOffsets[r]]}. */
  GemmOperand setRows(float[] data, int offset, int[] rowOffsets, boolean transposed) {
    this.data = data;
    this.offset = offset;
    this.ld = 0;
    this.rowOffsets = rowOffsets;
    this.columnOffsets = null;
    this.transposed = transposed;
    version++;
    return this;
  }

  /**
   * Stored element (r, c) is {@code data[offset + rowOffsets[r] + columnOffsets[c]]}: a column
   * matrix read through index maps, whose columns may come from several images.
   */
  GemmOperand setIndexed(
      float[] data, int offset, int[] rowOffsets, int[] columnOffsets, boolean transposed) {
    setRows(data, offset, rowOffsets, transposed);
    this.columnOffsets = columnOffsets;
    return this;
  }

  float[] data() {
    return data;
  }

  /** Distance between stored rows when they are evenly spaced ({@link #rowOffsets} is null). */
  int ld() {
    return ld;
  }

  /** Where each stored row starts, relative to the offset; null when rows are ld apart. */
  int[] rowOffsets() {
    return rowOffsets;
  }

  /** Where each stored column lies from its row's start; null when columns are contiguous. */
  int[] columnOffsets() {
    return columnOffsets;
  }

  /** Distance of stored column c from the start of its row. */
  int columnOffset(int c) {
    return columnOffsets == null ? c : columnOffsets[c];
  }

  /** Index in {@link #data} of the first element of stored row r (a row before any transpose). */
  int rowStart(int r) {
    return offset + (rowOffsets == null ? r * ld : rowOffsets[r]);
  }

  /**
   * Changes every time the operand is re-pointed. Callers re-point an operand before each product
   * whose data may have changed, so equal versions mean equal contents.
   */
  long version() {
    return version;
  }

  boolean transposed() {
    return transposed;
  }
}
