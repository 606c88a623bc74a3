package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling with 2x2 windows and stride 2, the common case, on whole vectors of outputs: two
 * loads of an input row give one vector of window pairs, which even and odd selections split into
 * left and right cells. The four cells are compared in the scalar order (top left, top right,
 * bottom left, bottom right; a later cell wins only when strictly greater), so values and argmax
 * equal the reference, ties and NaNs included.
 */
final class VectorMaxPool2x2 {
  private final Lanes lanes;

  VectorMaxPool2x2(Lanes lanes) {
    this.lanes = lanes;
  }

  static boolean applies(PoolGeometry g) {
    return g.size() == 2 && g.stride() == 2;
  }

  /**
   * True when {@link #backward} serves g: the windows tile the input exactly (even height and
   * width), and an output row fills at least half a vector; shorter rows are faster cell by cell.
   */
  boolean appliesBackward(PoolGeometry g) {
    return applies(g)
        && g.inHeight() == 2 * g.outHeight()
        && g.inWidth() == 2 * g.outWidth()
        && 2 * g.outWidth() >= lanes.species().length();
  }

  /**
   * Forward for images [from, to). A row shorter than a vector is still loaded and stored whole,
   * since the next row overwrites the lanes past its end; only where whole vectors would read past
   * the input or write past this call's images does the rest of the row go cell by cell. (Masked
   * loads and stores instead cost several times the loop, and allocate.)
   */
  void forward(PoolGeometry g, int from, int to, float[] in, float[] out, int[] argmax) {
    VectorSpecies<Float> sp = lanes.species();
    VectorSpecies<Integer> isp = lanes.ints();
    int l = sp.length();
    int w = g.inWidth();
    int outW = g.outWidth();
    int end = to * g.outSize();
    // Made here rather than kept in fields: the JIT only compiles vectors to registers when it
    // knows their species, and it does not trust fields to keep theirs.
    FloatVector even = FloatVector.zero(sp).addIndex(2); // lane indexes into two vectors
    FloatVector odd = even.add(1f);
    IntVector pairs = IntVector.zero(isp).addIndex(2);
    for (int b = from; b < to; b++) {
      int image = b * g.inSize();
      int o = b * g.outSize();
      for (int c = 0; c < g.channels(); c++) {
        for (int oy = 0; oy < g.outHeight(); oy++, o += outW) {
          int row = (c * g.inHeight() + 2 * oy) * w;
          int ox = 0;
          for (; ox < outW; ox += l) {
            int top = image + row + 2 * ox;
            if (top + w + 2 * l > in.length || o + ox + l > end) {
              break;
            }
            FloatVector t0 = FloatVector.fromArray(sp, in, top);
            FloatVector t1 = FloatVector.fromArray(sp, in, top + l);
            FloatVector b0 = FloatVector.fromArray(sp, in, top + w);
            FloatVector b1 = FloatVector.fromArray(sp, in, top + w + l);
            FloatVector max = even.selectFrom(t0, t1);
            IntVector offset = IntVector.zero(isp);
            FloatVector v = odd.selectFrom(t0, t1);
            VectorMask<Float> greater = v.compare(VectorOperators.GT, max);
            max = max.blend(v, greater);
            offset = offset.blend(1, greater.cast(isp));
            v = even.selectFrom(b0, b1);
            greater = v.compare(VectorOperators.GT, max);
            max = max.blend(v, greater);
            offset = offset.blend(w, greater.cast(isp));
            v = odd.selectFrom(b0, b1);
            greater = v.compare(VectorOperators.GT, max);
            max = max.blend(v, greater);
            offset = offset.blend(w + 1, greater.cast(isp));
            max.intoArray(out, o + ox);
            pairs.add(row + 2 * ox).add(offset).intoArray(argmax, o + ox);
          }
          for (; ox < outW; ox++) {
            int best = row + 2 * ox;
            best = in[image + best + 1] > in[image + best] ? best + 1 : best;
            best = in[image + row + 2 * ox + w] > in[image + best] ? row + 2 * ox + w : best;
            best =
                in[image + row + 2 * ox + w + 1] > in[image + best] ? row + 2 * ox + w + 1 : best;
            out[o + ox] = in[image + best];
            argmax[o + ox] = best;
          }
        }
      }
    }
  }

  /**
   * Backward for images [from, to) when the windows tile the input: every input cell is written
   * once, the window's gradient where the argmax points and zero elsewhere, so there is no separate
   * zeroing pass. A vector of outputs gives two vectors of each of the window pair's rows. All top
   * rows of an output row are stored before its bottom rows, because a vector running past a row's
   * end spills into the next row, which a later store then overwrites; where a spill would leave
   * this call's images, the output row goes cell by cell.
   */
  void backward(PoolGeometry g, int from, int to, float[] gradOut, int[] argmax, float[] gradIn) {
    VectorSpecies<Float> sp = lanes.species();
    VectorSpecies<Integer> isp = lanes.ints();
    int l = sp.length();
    int w = g.inWidth();
    int outW = g.outWidth();
    int inEnd = to * g.inSize();
    int outEnd = to * g.outSize();
    int lastOx = (outW - 1) / l * l;
    // Lane indexes into two vectors: the low and high halves of (a0, b0, a1, b1, ...).
    IntVector lane = IntVector.zero(isp).addIndex(1);
    FloatVector low =
        (FloatVector)
            lane.lanewise(VectorOperators.ASHR, 1)
                .add(lane.and(1).mul(l))
                .convert(VectorOperators.I2F, 0);
    FloatVector high = low.add(l / 2);
    IntVector pairs = lane.mul(2);
    FloatVector zero = FloatVector.zero(sp);
    for (int b = from; b < to; b++) {
      int image = b * g.inSize();
      int o = b * g.outSize();
      for (int c = 0; c < g.channels(); c++) {
        for (int oy = 0; oy < g.outHeight(); oy++, o += outW) {
          int row = (c * g.inHeight() + 2 * oy) * w;
          if (image + row + w + 2 * lastOx + 2 * l > inEnd || o + lastOx + l > outEnd) {
            backwardCells(g, image, row, o, gradOut, argmax, gradIn);
            continue;
          }
          for (int half = 0; half <= w; half += w) {
            for (int ox = 0; ox < outW; ox += l) {
              FloatVector grad = FloatVector.fromArray(sp, gradOut, o + ox).add(zero);
              IntVector offset =
                  IntVector.fromArray(isp, argmax, o + ox).sub(pairs).sub(row + half + 2 * ox);
              FloatVector left = zero.blend(grad, offset.eq(0).cast(sp));
              FloatVector right = zero.blend(grad, offset.eq(1).cast(sp));
              int at = image + row + half + 2 * ox;
              low.selectFrom(left, right).intoArray(gradIn, at);
              high.selectFrom(left, right).intoArray(gradIn, at + l);
            }
          }
        }
      }
    }
  }

  /** One output row's windows, cell by cell. */
  private static void backwardCells(
      PoolGeometry g, int image, int row, int o, float[] gradOut, int[] argmax, float[] gradIn) {
    int w = g.inWidth();
    for (int ox = 0; ox < g.outWidth(); ox++) {
      float grad = 0f + gradOut[o + ox];
      int best = argmax[o + ox];
      int at = row + 2 * ox;
      gradIn[image + at] = at == best ? grad : 0f;
      gradIn[image + at + 1] = at + 1 == best ? grad : 0f;
      gradIn[image + at + w] = at + w == best ? grad : 0f;
      gradIn[image + at + w + 1] = at + w + 1 == best ? grad : 0f;
    }
  }
}
