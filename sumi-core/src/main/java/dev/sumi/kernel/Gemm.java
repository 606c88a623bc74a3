package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, cache-blocked matrix product {@code C = op(A) * op(B) + beta * C} with an optional {@link
 * Epilogue}, in the style of BLIS: a KC-deep slice of op(B) is packed into strips NR columns wide,
 * a block of MC rows of op(A) into strips MR rows tall, and a register-blocked micro-kernel
 * multiplies one A strip by one B strip. Packing absorbs transposes, offsets, leading dimensions
 * and ragged edges (padded with zeros, or in a transposed B with copies of the last column, as the
 * products of padding are never stored), so the micro-kernel only ever sees full tiles.
 *
 * <p>{@link #multiply} splits C into column (or row) ranges over the team; {@link #multiplyOn} runs
 * on one worker's buffers for callers that parallelise at a coarser level. Every element of C is
 * summed in the same order whatever the split, so results do not depend on the thread count.
 * Packing buffers are per worker and grow-only. Not safe for concurrent use by two callers.
 */
final class Gemm {
  /** Rows per micro-tile. */
  static final int MR = 6;

  /**
   * Vectors per micro-tile row: 4 with 512-bit vectors (24 accumulators of the 32 registers; on
   * Intel cores the 6 x 2 tile left a third of the FMA issue slots idle), 2 below (16 registers).
   */
  private final int nv;

  /**
   * Most depth of one packed slice. Each slice re-reads and re-writes C, and on two threads that
   * traffic, not the B strip spilling from L1 to L2, is what limits: measured on 1024^3, 1024 ran
   * 320-350 GFLOP/s on two threads against 250-290 for 320. Depth is cut into equal slices, so that
   * k = 1100 makes two slices of 550 rather than 1024 + 76.
   */
  private static final int KC = 1024;

  /** Rows of A packed at once (KC x MC stays in L2). */
  private static final int MC = 144;

  /** Columns of B packed at once (KC x NC stays in L3). */
  private static final int NC = 2048;

  /**
   * Blocks of at most this many rows of C read full strips of a plain (not transposed) B straight
   * from where it is stored. Packing B pays for itself by being read once per A strip; with this
   * few strips the copy costs more than it saves (a convolution with a handful of filters).
   */
  private static final int DIRECT_B_MAX_ROWS = 4 * MR;

  /** Below this many multiply-adds one thread is faster than waking the team. */
  private static final long PARALLEL_MIN_WORK = 1L << 19;

  /** Relative cost of packing a float, in multiply-adds per row or column of C it serves. */
  private static final double PACK_COST_FMAS = 4;

  /** Zeros to start a micro-tile's sums from: one row of the widest tile. */
  private static final float[] ZEROS = new float[4 * Lanes.jvmSpecies().length()];

  private static final int PACK_A = 0;
  private static final int PACK_B = 1;
  private static final int TILE = 2;

  private final Lanes lanes;
  private final int nr;
  private final Parallel team;
  private final Scratch[] scratch;
  private final Split split = new Split();
  private final PackedA[] packedA;
  // Per worker: lane x's offset (x rows of a transposed B) for gathering a vector across rows.
  private final int[][] gatherRows;

  Gemm(Lanes lanes, Parallel team) {
    this.lanes = lanes;
    this.nv = lanes.species().vectorBitSize() >= 512 ? 4 : 2;
    this.nr = nv * lanes.species().length();
    this.team = team;
    this.scratch = new Scratch[team.threads()];
    this.packedA = new PackedA[team.threads()];
    this.gatherRows = new int[team.threads()][nr];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = new Scratch(3);
      packedA[i] = new PackedA();
    }
  }

  /** C (m x n, row stride ldc, from cOffset) = epilogue(op(A) * op(B) + beta * C), on the team. */
  void multiply(
      int m,
      int n,
      int k,
      GemmOperand a,
      GemmOperand b,
      float beta,
      float[] c,
      int cOffset,
      int ldc,
      Epilogue epilogue) {
    int threads = team.threads();
    if (threads == 1 || (long) m * n * Math.max(k, 1) < PARALLEL_MIN_WORK) {
      multiplyOn(0, 0, m, 0, n, k, a, b, beta, c, cOffset, ldc, epilogue);
      return;
    }
    int colStrips = Math.ceilDiv(n, nr);
    int rowStrips = Math.ceilDiv(m, MR);
    boolean byColumns = splitByColumns(m, n, colStrips, rowStrips, threads);
    split.set(m, n, k, a, b, beta, c, cOffset, ldc, epilogue, byColumns);
    try {
      team.forRange(byColumns ? colStrips : rowStrips, split);
    } finally {
      split.clear();
    }
  }

  /**
   * One product split over the team by column or row strips. Kept and re-pointed per call, because
   * a capturing lambda would allocate on every product.
   */
  private final class Split implements Parallel.RangeTask {
    private int m;
    private int n;
    private int k;
    private GemmOperand a;
    private GemmOperand b;
    private float beta;
    private float[] c;
    private int cOffset;
    private int ldc;
    private Epilogue epilogue;
    private boolean byColumns;

    void set(
        int m,
        int n,
        int k,
        GemmOperand a,
        GemmOperand b,
        float beta,
        float[] c,
        int cOffset,
        int ldc,
        Epilogue epilogue,
        boolean byColumns) {
      this.m = m;
      this.n = n;
      this.k = k;
      this.a = a;
      this.b = b;
      this.beta = beta;
      this.c = c;
      this.cOffset = cOffset;
      this.ldc = ldc;
      this.epilogue = epilogue;
      this.byColumns = byColumns;
    }

    void clear() {
      set(0, 0, 0, null, null, 0f, null, 0, 0, null, false);
    }

    @Override
    public void run(int worker, int from, int to) {
      if (byColumns) {
        multiplyOn(
            worker,
            0,
            m,
            from * nr,
            Math.min(to * nr, n),
            k,
            a,
            b,
            beta,
            c,
            cOffset,
            ldc,
            epilogue);
      } else {
        multiplyOn(
            worker,
            from * MR,
            Math.min(to * MR, m),
            0,
            n,
            k,
            a,
            b,
            beta,
            c,
            cOffset,
            ldc,
            epilogue);
      }
    }
  }

  /**
   * Whether to share C out by column strips rather than row strips: the split that keeps the team
   * busier, less what each worker spends packing the operand it then needs whole (all of A when
   * split by columns, all of B by rows; a packed float costs about as much as {@link
   * #PACK_COST_FMAS} multiply-adds per row or column of C it serves). A 128 x 3136 x 1024 product
   * (a dense layer's input gradient) split by rows had each worker pack the whole 3136 x 1024 B.
   */
  static boolean splitByColumns(int m, int n, int colStrips, int rowStrips, int threads) {
    double byColumns = 1 / balance(colStrips, threads) + PACK_COST_FMAS * threads / (double) n;
    double byRows = 1 / balance(rowStrips, threads) + PACK_COST_FMAS * threads / (double) m;
    return byColumns <= byRows;
  }

  /** Fraction of the team kept busy when {@code strips} equal pieces are shared statically. */
  private static double balance(int strips, int threads) {
    int rounds = Math.ceilDiv(strips, threads);
    return (double) strips / ((long) rounds * threads);
  }

  /**
   * The block rows [i0, i1) x columns [j0, j1) of C on worker {@code worker}'s buffers and the
   * calling thread; coordinates are those of the whole product.
   */
  void multiplyOn(
      int worker,
      int i0,
      int i1,
      int j0,
      int j1,
      int k,
      GemmOperand a,
      GemmOperand b,
      float beta,
      float[] c,
      int cOffset,
      int ldc,
      Epilogue epilogue) {
    if (i0 >= i1 || j0 >= j1) {
      return;
    }
    Scratch s = scratch[worker];
    float[] tile = s.get(TILE, MR * nr);
    Epilogue finish = epilogue.isIdentity() ? null : epilogue;
    if (k == 0) {
      java.util.Arrays.fill(tile, 0f);
      for (int i = i0; i < i1; i += MR) {
        for (int j = j0; j < j1; j += nr) {
          store(
              tile,
              i,
              Math.min(MR, i1 - i),
              j,
              Math.min(nr, j1 - j),
              beta,
              finish,
              c,
              cOffset,
              ldc);
        }
      }
      return;
    }
    int sliceDepth = Math.ceilDiv(k, Math.ceilDiv(k, KC));
    float[] packB = s.get(PACK_B, sliceDepth * roundUp(Math.min(NC, j1 - j0), nr));
    float[] packA = s.get(PACK_A, sliceDepth * roundUp(Math.min(MC, i1 - i0), MR));
    boolean direct = !b.transposed() && b.columnOffsets() == null && i1 - i0 <= DIRECT_B_MAX_ROWS;
    // With a single block of A rows each B strip is used once: it is packed just before, while
    // it stays in cache, rather than the whole slice being packed to memory and read back.
    boolean stripwise = i1 - i0 <= MC;
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      int fullStrips = direct ? nc / nr * nr : 0;
      for (int pc = 0; pc < k; pc += sliceDepth) {
        int kc = Math.min(sliceDepth, k - pc);
        // Direct: only the ragged last strip is packed (zero-padded), at the start of packB.
        if (!stripwise) {
          packB(b, pc, kc, jc + fullStrips, nc - fullStrips, packB, gatherRows[worker]);
        }
        float sliceBeta = pc == 0 ? beta : 1f;
        Epilogue sliceFinish = pc + kc == k ? finish : null;
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          if (!packedA[worker].holds(a, ic, mc, pc, kc, packA)) {
            packA(a, ic, mc, pc, kc, packA);
            packedA[worker].remember(a, ic, mc, pc, kc, packA);
          }
          for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            boolean inPlace = jr < fullStrips;
            if (stripwise && !inPlace) {
              packB(b, pc, kc, jc + jr, cols, packB, gatherRows[worker]);
            }
            float[] strip = inPlace ? b.data() : packB;
            int stripStart =
                inPlace ? b.rowStart(pc) + jc + jr : stripwise ? 0 : (jr - fullStrips) * kc;
            int stride = inPlace ? b.ld() : nr;
            int[] offsets = inPlace ? b.rowOffsets() : null;
            for (int ir = 0; ir < mc; ir += MR) {
              // Full tiles with nothing to apply go straight to C; the rest through the tile.
              boolean fused =
                  sliceFinish == null
                      && (sliceBeta == 0f || sliceBeta == 1f)
                      && ir + MR <= mc
                      && cols == nr;
              float[] out = fused ? c : tile;
              int outStart = fused ? cOffset + (ic + ir) * ldc + jc + jr : 0;
              int ldOut = fused ? ldc : nr;
              boolean accumulate = fused && sliceBeta == 1f;
              if (nv == 4) {
                wideMicroKernel(
                    kc,
                    packA,
                    ir * kc,
                    strip,
                    stripStart,
                    stride,
                    offsets,
                    pc,
                    out,
                    outStart,
                    ldOut,
                    accumulate);
              } else {
                microKernel(
                    kc,
                    packA,
                    ir * kc,
                    strip,
                    stripStart,
                    stride,
                    offsets,
                    pc,
                    out,
                    outStart,
                    ldOut,
                    accumulate);
              }
              if (!fused) {
                store(
                    tile,
                    ic + ir,
                    Math.min(MR, mc - ir),
                    jc + jr,
                    cols,
                    sliceBeta,
                    sliceFinish,
                    c,
                    cOffset,
                    ldc);
              }
            }
          }
        }
      }
    }
  }

  /**
   * MR rows of out (ldOut apart, NR wide, from outStart) = (accumulate ? out : 0) + packed A strip
   * (kc x MR) times a B strip (kc x NR), whose row p starts at b[bStart + p * bStride], or with
   * rowOffsets at b[bStart + rowOffsets[p0 + p] - rowOffsets[p0]] (B read where it is stored). out
   * is C itself for a full tile with no epilogue, else the worker's tile. No calls inside the loop:
   * a vector live across a call that is not inlined gets boxed. Keep the bytecode small too: a 1.7
   * KB version made C1 run out of registers, after which the JIT never compiled it fully and every
   * vector operation allocated.
   */
  private void microKernel(
      int kc,
      float[] a,
      int aStart,
      float[] b,
      int bStart,
      int bStride,
      int[] rowOffsets,
      int p0,
      float[] out,
      int outStart,
      int ldOut,
      boolean accumulate) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    // The sums start from what out holds, or from zeros. An array is chosen rather than a vector:
    // a vector merged from two branches would be boxed.
    float[] start = accumulate ? out : ZEROS;
    int at = accumulate ? outStart : 0;
    int ldStart = accumulate ? ldOut : 0;
    FloatVector c00 = FloatVector.fromArray(sp, start, at);
    FloatVector c01 = FloatVector.fromArray(sp, start, at + l);
    FloatVector c10 = FloatVector.fromArray(sp, start, at + ldStart);
    FloatVector c11 = FloatVector.fromArray(sp, start, at + ldStart + l);
    FloatVector c20 = FloatVector.fromArray(sp, start, at + 2 * ldStart);
    FloatVector c21 = FloatVector.fromArray(sp, start, at + 2 * ldStart + l);
    FloatVector c30 = FloatVector.fromArray(sp, start, at + 3 * ldStart);
    FloatVector c31 = FloatVector.fromArray(sp, start, at + 3 * ldStart + l);
    FloatVector c40 = FloatVector.fromArray(sp, start, at + 4 * ldStart);
    FloatVector c41 = FloatVector.fromArray(sp, start, at + 4 * ldStart + l);
    FloatVector c50 = FloatVector.fromArray(sp, start, at + 5 * ldStart);
    FloatVector c51 = FloatVector.fromArray(sp, start, at + 5 * ldStart + l);
    int first = rowOffsets == null ? 0 : rowOffsets[p0];
    for (int p = 0; p < kc; p++) {
      int bi = rowOffsets == null ? bStart + p * bStride : bStart + rowOffsets[p0 + p] - first;
      int ai = aStart + p * MR;
      FloatVector b0 = FloatVector.fromArray(sp, b, bi);
      FloatVector b1 = FloatVector.fromArray(sp, b, bi + l);
      FloatVector av = FloatVector.broadcast(sp, a[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      av = FloatVector.broadcast(sp, a[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      av = FloatVector.broadcast(sp, a[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      av = FloatVector.broadcast(sp, a[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      av = FloatVector.broadcast(sp, a[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      av = FloatVector.broadcast(sp, a[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
    }
    c00.intoArray(out, outStart);
    c01.intoArray(out, outStart + l);
    c10.intoArray(out, outStart + ldOut);
    c11.intoArray(out, outStart + ldOut + l);
    c20.intoArray(out, outStart + 2 * ldOut);
    c21.intoArray(out, outStart + 2 * ldOut + l);
    c30.intoArray(out, outStart + 3 * ldOut);
    c31.intoArray(out, outStart + 3 * ldOut + l);
    c40.intoArray(out, outStart + 4 * ldOut);
    c41.intoArray(out, outStart + 4 * ldOut + l);
    c50.intoArray(out, outStart + 5 * ldOut);
    c51.intoArray(out, outStart + 5 * ldOut + l);
  }

  /** {@link #microKernel} on a tile 4 vectors wide: fewer broadcasts per multiply-add. */
  private void wideMicroKernel(
      int kc,
      float[] a,
      int aStart,
      float[] b,
      int bStart,
      int bStride,
      int[] rowOffsets,
      int p0,
      float[] out,
      int outStart,
      int ldOut,
      boolean accumulate) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    // The sums start from what out holds, or from zeros. An array is chosen rather than a vector:
    // a vector merged from two branches would be boxed.
    float[] start = accumulate ? out : ZEROS;
    int at = accumulate ? outStart : 0;
    int ldStart = accumulate ? ldOut : 0;
    FloatVector c00 = FloatVector.fromArray(sp, start, at);
    FloatVector c01 = FloatVector.fromArray(sp, start, at + l);
    FloatVector c02 = FloatVector.fromArray(sp, start, at + 2 * l);
    FloatVector c03 = FloatVector.fromArray(sp, start, at + 3 * l);
    FloatVector c10 = FloatVector.fromArray(sp, start, at + ldStart);
    FloatVector c11 = FloatVector.fromArray(sp, start, at + ldStart + l);
    FloatVector c12 = FloatVector.fromArray(sp, start, at + ldStart + 2 * l);
    FloatVector c13 = FloatVector.fromArray(sp, start, at + ldStart + 3 * l);
    FloatVector c20 = FloatVector.fromArray(sp, start, at + 2 * ldStart);
    FloatVector c21 = FloatVector.fromArray(sp, start, at + 2 * ldStart + l);
    FloatVector c22 = FloatVector.fromArray(sp, start, at + 2 * ldStart + 2 * l);
    FloatVector c23 = FloatVector.fromArray(sp, start, at + 2 * ldStart + 3 * l);
    FloatVector c30 = FloatVector.fromArray(sp, start, at + 3 * ldStart);
    FloatVector c31 = FloatVector.fromArray(sp, start, at + 3 * ldStart + l);
    FloatVector c32 = FloatVector.fromArray(sp, start, at + 3 * ldStart + 2 * l);
    FloatVector c33 = FloatVector.fromArray(sp, start, at + 3 * ldStart + 3 * l);
    FloatVector c40 = FloatVector.fromArray(sp, start, at + 4 * ldStart);
    FloatVector c41 = FloatVector.fromArray(sp, start, at + 4 * ldStart + l);
    FloatVector c42 = FloatVector.fromArray(sp, start, at + 4 * ldStart + 2 * l);
    FloatVector c43 = FloatVector.fromArray(sp, start, at + 4 * ldStart + 3 * l);
    FloatVector c50 = FloatVector.fromArray(sp, start, at + 5 * ldStart);
    FloatVector c51 = FloatVector.fromArray(sp, start, at + 5 * ldStart + l);
    FloatVector c52 = FloatVector.fromArray(sp, start, at + 5 * ldStart + 2 * l);
    FloatVector c53 = FloatVector.fromArray(sp, start, at + 5 * ldStart + 3 * l);
    int first = rowOffsets == null ? 0 : rowOffsets[p0];
    for (int p = 0; p < kc; p++) {
      int bi = rowOffsets == null ? bStart + p * bStride : bStart + rowOffsets[p0 + p] - first;
      int ai = aStart + p * MR;
      FloatVector b0 = FloatVector.fromArray(sp, b, bi);
      FloatVector b1 = FloatVector.fromArray(sp, b, bi + l);
      FloatVector b2 = FloatVector.fromArray(sp, b, bi + 2 * l);
      FloatVector b3 = FloatVector.fromArray(sp, b, bi + 3 * l);
      FloatVector av = FloatVector.broadcast(sp, a[ai]);
      c00 = av.fma(b0, c00);
      c01 = av.fma(b1, c01);
      c02 = av.fma(b2, c02);
      c03 = av.fma(b3, c03);
      av = FloatVector.broadcast(sp, a[ai + 1]);
      c10 = av.fma(b0, c10);
      c11 = av.fma(b1, c11);
      c12 = av.fma(b2, c12);
      c13 = av.fma(b3, c13);
      av = FloatVector.broadcast(sp, a[ai + 2]);
      c20 = av.fma(b0, c20);
      c21 = av.fma(b1, c21);
      c22 = av.fma(b2, c22);
      c23 = av.fma(b3, c23);
      av = FloatVector.broadcast(sp, a[ai + 3]);
      c30 = av.fma(b0, c30);
      c31 = av.fma(b1, c31);
      c32 = av.fma(b2, c32);
      c33 = av.fma(b3, c33);
      av = FloatVector.broadcast(sp, a[ai + 4]);
      c40 = av.fma(b0, c40);
      c41 = av.fma(b1, c41);
      c42 = av.fma(b2, c42);
      c43 = av.fma(b3, c43);
      av = FloatVector.broadcast(sp, a[ai + 5]);
      c50 = av.fma(b0, c50);
      c51 = av.fma(b1, c51);
      c52 = av.fma(b2, c52);
      c53 = av.fma(b3, c53);
    }
    c00.intoArray(out, outStart);
    c01.intoArray(out, outStart + l);
    c02.intoArray(out, outStart + 2 * l);
    c03.intoArray(out, outStart + 3 * l);
    c10.intoArray(out, outStart + ldOut);
    c11.intoArray(out, outStart + ldOut + l);
    c12.intoArray(out, outStart + ldOut + 2 * l);
    c13.intoArray(out, outStart + ldOut + 3 * l);
    c20.intoArray(out, outStart + 2 * ldOut);
    c21.intoArray(out, outStart + 2 * ldOut + l);
    c22.intoArray(out, outStart + 2 * ldOut + 2 * l);
    c23.intoArray(out, outStart + 2 * ldOut + 3 * l);
    c30.intoArray(out, outStart + 3 * ldOut);
    c31.intoArray(out, outStart + 3 * ldOut + l);
    c32.intoArray(out, outStart + 3 * ldOut + 2 * l);
    c33.intoArray(out, outStart + 3 * ldOut + 3 * l);
    c40.intoArray(out, outStart + 4 * ldOut);
    c41.intoArray(out, outStart + 4 * ldOut + l);
    c42.intoArray(out, outStart + 4 * ldOut + 2 * l);
    c43.intoArray(out, outStart + 4 * ldOut + 3 * l);
    c50.intoArray(out, outStart + 5 * ldOut);
    c51.intoArray(out, outStart + 5 * ldOut + l);
    c52.intoArray(out, outStart + 5 * ldOut + 2 * l);
    c53.intoArray(out, outStart + 5 * ldOut + 3 * l);
  }

  /**
   * Writes the top-left rows x cols of tile to C at (i, j): {@code c = tile + beta * c}, then the
   * epilogue when this was the last slice of k (finish != null).
   */
  private void store(
      float[] tile,
      int i,
      int rows,
      int j,
      int cols,
      float beta,
      Epilogue finish,
      float[] c,
      int cOffset,
      int ldc) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    boolean linear = finish == null || VectorActivation.isPiecewiseLinear(finish.activation());
    Activation.Kind kind = finish == null ? Activation.Kind.NONE : finish.activation().kind();
    boolean relu = kind == Activation.Kind.RELU;
    boolean leaky = kind == Activation.Kind.LEAKY_RELU;
    float alpha = finish == null ? 0f : finish.activation().alpha();
    for (int r = 0; r < rows; r++) {
      int t = r * nr;
      int ci = cOffset + (i + r) * ldc + j;
      float rowBias = finish != null && finish.rowBias() != null ? finish.rowBias()[i + r] : 0f;
      int x = 0;
      for (; x + l <= cols; x += l) {
        FloatVector v = FloatVector.fromArray(sp, tile, t + x);
        if (beta != 0f) {
          v = FloatVector.fromArray(sp, c, ci + x).fma(FloatVector.broadcast(sp, beta), v);
        }
        if (finish != null) {
          v = v.add(rowBias);
          if (finish.colBias() != null) {
            v = v.add(FloatVector.fromArray(sp, finish.colBias(), j + x));
          }
          if (relu) {
            v = v.blend(0f, v.compare(VectorOperators.GT, 0f).not());
          } else if (leaky) {
            v = v.blend(v.mul(alpha), v.compare(VectorOperators.GT, 0f).not());
          }
        }
        v.intoArray(c, ci + x);
        if (!linear) {
          for (int lane = 0; lane < l; lane++) {
            c[ci + x + lane] = finish.activation().apply(c[ci + x + lane]);
          }
        }
      }
      for (; x < cols; x++) {
        float v = tile[t + x];
        if (beta != 0f) {
          v = Math.fma(c[ci + x], beta, v);
        }
        if (finish != null) {
          v += rowBias;
          if (finish.colBias() != null) {
            v += finish.colBias()[j + x];
          }
          v = finish.activation().apply(v);
        }
        c[ci + x] = v;
      }
    }
  }

  /** Packs rows [i0, i0 + mc) x depth [p0, p0 + kc) of op(A) into MR-row strips, zero-padded. */
  private static void packA(GemmOperand a, int i0, int mc, int p0, int kc, float[] dst) {
    float[] src = a.data();
    for (int strip = 0; strip * MR < mc; strip++) {
      int base = strip * MR * kc;
      int top = i0 + strip * MR;
      int rows = Math.min(MR, mc - strip * MR);
      if (a.transposed()) {
        for (int p = 0; p < kc; p++) {
          int s = a.rowStart(p0 + p) + top;
          int d = base + p * MR;
          for (int r = 0; r < rows; r++) {
            dst[d + r] = src[s + r];
          }
        }
      } else {
        for (int r = 0; r < rows; r++) {
          int s = a.rowStart(top + r) + p0;
          int d = base + r;
          for (int p = 0; p < kc; p++) {
            dst[d + p * MR] = src[s + p];
          }
        }
      }
      if (rows < MR) {
        // Plain loops: a call to Arrays.fill per row of a few cells costs more than the cells.
        for (int p = 0; p < kc; p++) {
          for (int d = base + p * MR + rows, end = base + (p + 1) * MR; d < end; d++) {
            dst[d] = 0f;
          }
        }
      }
    }
  }

  /** Packs depth [p0, p0 + kc) x columns [j0, j0 + nc) of op(B) into NR-column strips. */
  private void packB(GemmOperand b, int p0, int kc, int j0, int nc, float[] dst, int[] gatherRows) {
    float[] src = b.data();
    for (int strip = 0; strip * nr < nc; strip++) {
      int base = strip * nr * kc;
      int left = j0 + strip * nr;
      int cols = Math.min(nr, nc - strip * nr);
      if (b.transposed()) {
        gatherStrip(src, b, p0, left, cols, kc, dst, base, gatherRows);
        continue;
      } else if (b.columnOffsets() != null) {
        gatherColumns(src, b, p0, left, cols, kc, dst, base);
      } else if (cols == nr) {
        copyStrip(src, b, p0, left, kc, dst, base);
      } else {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(src, b.rowStart(p0 + p) + left, dst, base + p * nr, cols);
        }
      }
      if (cols < nr) {
        for (int p = 0; p < kc; p++) {
          for (int d = base + p * nr + cols, end = base + (p + 1) * nr; d < end; d++) {
            dst[d] = 0f;
          }
        }
      }
    }
  }

  /**
   * Packs a strip of a transposed B ({@code cols} stored rows from {@code left}, kc deep): each
   * vector gathers one depth across a vector of stored rows, which stay in L1 for the next depths.
   * A ragged strip repeats its last row in the lanes past it, whose products are never stored.
   */
  private void gatherStrip(
      float[] src,
      GemmOperand b,
      int p0,
      int left,
      int cols,
      int kc,
      float[] dst,
      int base,
      int[] rows) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int first = b.rowStart(left);
    for (int x = 0; x < nr; x++) {
      rows[x] = b.rowStart(left + Math.min(x, cols - 1)) - first;
    }
    for (int p = 0; p < kc; p++) {
      int d = base + p * nr;
      int at = first + b.columnOffset(p0 + p);
      for (int v = 0; v < nr; v += l) {
        FloatVector.fromArray(sp, src, at, rows, v).intoArray(dst, d + v);
      }
    }
  }

  /**
   * Packs a strip of an indexed B ({@link GemmOperand#setIndexed}): each row gathers the strip's
   * columns through the column map.
   */
  private void gatherColumns(
      float[] src, GemmOperand b, int p0, int left, int cols, int kc, float[] dst, int base) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    int[] map = b.columnOffsets();
    int whole = cols / l * l;
    for (int p = 0; p < kc; p++) {
      int s = b.rowStart(p0 + p);
      int d = base + p * nr;
      for (int v = 0; v < whole; v += l) {
        FloatVector.fromArray(sp, src, s, map, left + v).intoArray(dst, d + v);
      }
      for (int x = whole; x < cols; x++) {
        dst[d + x] = src[s + map[left + x]];
      }
    }
  }

  /** Packs a full strip of B: kc rows of NR floats from column {@code left}, by whole vectors. */
  private void copyStrip(
      float[] src, GemmOperand b, int p0, int left, int kc, float[] dst, int base) {
    VectorSpecies<Float> sp = lanes.species();
    int l = sp.length();
    for (int p = 0; p < kc; p++) {
      int s = b.rowStart(p0 + p) + left;
      int d = base + p * nr;
      for (int v = 0; v < nr; v += l) {
        FloatVector.fromArray(sp, src, s + v).intoArray(dst, d + v);
      }
    }
  }

  /**
   * Which block of which operand a worker's A buffer holds. A convolution multiplies the same
   * weights by every image of the batch; this lets all but the first product skip packing them.
   */
  private static final class PackedA {
    private GemmOperand operand;
    private long version;
    private int i0;
    private int mc;
    private int p0;
    private int kc;
    private float[] buffer;

    boolean holds(GemmOperand a, int i0, int mc, int p0, int kc, float[] buffer) {
      return operand == a
          && version == a.version()
          && this.i0 == i0
          && this.mc == mc
          && this.p0 == p0
          && this.kc == kc
          && this.buffer == buffer;
    }

    void remember(GemmOperand a, int i0, int mc, int p0, int kc, float[] buffer) {
      this.operand = a;
      this.version = a.version();
      this.i0 = i0;
      this.mc = mc;
      this.p0 = p0;
      this.kc = kc;
      this.buffer = buffer;
    }
  }

  private static int roundUp(int x, int multiple) {
    return Math.ceilDiv(x, multiple) * multiple;
  }
}
