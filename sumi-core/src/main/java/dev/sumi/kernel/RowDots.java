package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * All dot products between the rows of two operands, {@code c[i][j] = sum_p a_i[p] * b_j[p]},
 * reading both sets of rows in place. This is the shape of a convolution's weight gradient (output
 * gradient rows times the image's tap rows, both an image's worth of pixels long). When either side
 * has few rows, a {@link Gemm} spends more on packing the transposed operand, or on the empty part
 * of its column strips, than on multiplying; here nothing is packed.
 *
 * <p>Products go into one vector of lane sums per (i, j), kept in a buffer across calls (one call
 * per image), and the lanes are summed once at the end by {@link #reduce}: summing them after every
 * image would cost as much as the products.
 */
final class RowDots {
  /** Rows of a and of b per register block: 12 accumulators, 7 loads per 12 multiply-adds. */
  private static final int BLOCK_A = 3;

  private static final int BLOCK_B = 4;

  private final Lanes lanes;

  RowDots(Lanes lanes) {
    this.lanes = lanes;
  }

  /** Floats of lane sums an m x n product accumulates into. */
  int sumsSize(int m, int n) {
    return m * n * lanes.species().length();
  }

  /** Depth the rows must be readable to: k rounded up to whole vectors. */
  int paddedDepth(int k) {
    int l = lanes.species().length();
    return (k + l - 1) / l * l;
  }

  /**
   * sums[(i * n + j) * lanes ..] += the lanewise products of a's row i and b's row j over depth [0,
   * k), for i in [0, m) and j in [0, n). Both operands' rows are read as stored, up to {@link
   * #paddedDepth}(k): the part past k must be zero in one operand and finite in the other.
   */
  void accumulate(int m, int n, int k, GemmOperand a, GemmOperand b, float[] sums) {
    int depth = paddedDepth(k);
    int i = 0;
    for (; i + BLOCK_A <= m; i += BLOCK_A) {
      int j = 0;
      for (; j + BLOCK_B <= n; j += BLOCK_B) {
        block(i, j, n, depth, a, b, sums);
      }
      single(i, i + BLOCK_A, j, n, n, depth, a, b, sums);
    }
    single(i, m, 0, n, n, depth, a, b, sums);
  }

  /** The 3 x 4 register block at (i, j). */
  private void block(int i, int j, int n, int depth, GemmOperand a, GemmOperand b, float[] sums) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    float[] ad = a.data();
    float[] bd = b.data();
    int a0 = a.rowStart(i);
    int a1 = a.rowStart(i + 1);
    int a2 = a.rowStart(i + 2);
    int b0 = b.rowStart(j);
    int b1 = b.rowStart(j + 1);
    int b2 = b.rowStart(j + 2);
    int b3 = b.rowStart(j + 3);
    int s0 = (i * n + j) * l;
    int s1 = s0 + n * l;
    int s2 = s1 + n * l;
    FloatVector c00 = FloatVector.fromArray(sp, sums, s0);
    FloatVector c01 = FloatVector.fromArray(sp, sums, s0 + l);
    FloatVector c02 = FloatVector.fromArray(sp, sums, s0 + 2 * l);
    FloatVector c03 = FloatVector.fromArray(sp, sums, s0 + 3 * l);
    FloatVector c10 = FloatVector.fromArray(sp, sums, s1);
    FloatVector c11 = FloatVector.fromArray(sp, sums, s1 + l);
    FloatVector c12 = FloatVector.fromArray(sp, sums, s1 + 2 * l);
    FloatVector c13 = FloatVector.fromArray(sp, sums, s1 + 3 * l);
    FloatVector c20 = FloatVector.fromArray(sp, sums, s2);
    FloatVector c21 = FloatVector.fromArray(sp, sums, s2 + l);
    FloatVector c22 = FloatVector.fromArray(sp, sums, s2 + 2 * l);
    FloatVector c23 = FloatVector.fromArray(sp, sums, s2 + 3 * l);
    for (int p = 0; p < depth; p += l) {
      FloatVector x0 = FloatVector.fromArray(sp, bd, b0 + p);
      FloatVector x1 = FloatVector.fromArray(sp, bd, b1 + p);
      FloatVector x2 = FloatVector.fromArray(sp, bd, b2 + p);
      FloatVector x3 = FloatVector.fromArray(sp, bd, b3 + p);
      FloatVector y = FloatVector.fromArray(sp, ad, a0 + p);
      c00 = y.fma(x0, c00);
      c01 = y.fma(x1, c01);
      c02 = y.fma(x2, c02);
      c03 = y.fma(x3, c03);
      y = FloatVector.fromArray(sp, ad, a1 + p);
      c10 = y.fma(x0, c10);
      c11 = y.fma(x1, c11);
      c12 = y.fma(x2, c12);
      c13 = y.fma(x3, c13);
      y = FloatVector.fromArray(sp, ad, a2 + p);
      c20 = y.fma(x0, c20);
      c21 = y.fma(x1, c21);
      c22 = y.fma(x2, c22);
      c23 = y.fma(x3, c23);
    }
    c00.intoArray(sums, s0);
    c01.intoArray(sums, s0 + l);
    c02.intoArray(sums, s0 + 2 * l);
    c03.intoArray(sums, s0 + 3 * l);
    c10.intoArray(sums, s1);
    c11.intoArray(sums, s1 + l);
    c12.intoArray(sums, s1 + 2 * l);
    c13.intoArray(sums, s1 + 3 * l);
    c20.intoArray(sums, s2);
    c21.intoArray(sums, s2 + l);
    c22.intoArray(sums, s2 + 2 * l);
    c23.intoArray(sums, s2 + 3 * l);
  }

  /** Rows [i0, i1) of a against rows [j0, j1) of b, one pair at a time: the blocks' edges. */
  private void single(
      int i0,
      int i1,
      int j0,
      int j1,
      int n,
      int depth,
      GemmOperand a,
      GemmOperand b,
      float[] sums) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    float[] ad = a.data();
    float[] bd = b.data();
    for (int i = i0; i < i1; i++) {
      int ai = a.rowStart(i);
      for (int j = j0; j < j1; j++) {
        int bj = b.rowStart(j);
        int s = (i * n + j) * l;
        FloatVector c = FloatVector.fromArray(sp, sums, s);
        for (int p = 0; p < depth; p += l) {
          c = FloatVector.fromArray(sp, ad, ai + p).fma(FloatVector.fromArray(sp, bd, bj + p), c);
        }
        c.intoArray(sums, s);
      }
    }
  }

  /**
   * c[i * ldc + j] = the sum of the lanes of (i, j) in sums, for the m x n product, added in lane
   * order: {@code reduceLanes} adds in one order when compiled and in another before, which made
   * the same run give different weights depending on when the JIT got to it.
   */
  void reduce(int m, int n, float[] sums, float[] c, int ldc) {
    int l = lanes.species().length();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int base = (i * n + j) * l;
        float sum = 0f;
        for (int lane = 0; lane < l; lane++) {
          sum += sums[base + lane];
        }
        c[i * ldc + j] = sum;
      }
    }
  }
}
