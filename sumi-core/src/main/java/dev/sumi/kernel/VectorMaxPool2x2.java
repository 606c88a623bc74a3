package dev.sumi.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling with 2x2 windows and stride 2, the common case, on whole vectors of outputs: two
 * loads of an input row give one vector of window pairs, which even and odd shuffles split into
 * left and right cells. The four cells are compared in the scalar order (top left, top right,
 * bottom left, bottom right; a later cell wins only when strictly greater), so values and argmax
 * equal the reference, ties and NaNs included.
 */
final class VectorMaxPool2x2 {
  private final Lanes lanes;
  private final VectorShuffle<Float> even;
  private final VectorShuffle<Float> odd;

  VectorMaxPool2x2(Lanes lanes) {
    this.lanes = lanes;
    VectorSpecies<Float> sp = lanes.species();
    // Indexes past the first vector select from the second one (two-vector rearrange).
    this.even = VectorShuffle.fromOp(sp, i -> 2 * i);
    this.odd = VectorShuffle.fromOp(sp, i -> 2 * i + 1);
  }

  static boolean applies(PoolGeometry g) {
    return g.size() == 2 && g.stride() == 2;
  }

  /** Forward for images [from, to). */
  void forward(PoolGeometry g, int from, int to, float[] in, float[] out, int[] argmax) {
    VectorSpecies<Float> sp = lanes.species();
    VectorSpecies<Integer> isp = lanes.ints();
    int l = sp.length();
    int w = g.inWidth();
    int outW = g.outWidth();
    FloatVector twice = FloatVector.broadcast(sp, 2f);
    FloatVector lanePairs = FloatVector.zero(sp).addIndex(1).mul(twice);
    for (int b = from; b < to; b++) {
      int image = b * g.inSize();
      int o = b * g.outSize();
      for (int c = 0; c < g.channels(); c++) {
        for (int oy = 0; oy < g.outHeight(); oy++, o += outW) {
          int row = (c * g.inHeight() + 2 * oy) * w;
          for (int ox = 0; ox < outW; ox += l) {
            int n = Math.min(l, outW - ox);
            int top = image + row + 2 * ox;
            FloatVector t0 = load(sp, in, top);
            FloatVector t1 = load(sp, in, top + l);
            FloatVector b0 = load(sp, in, top + w);
            FloatVector b1 = load(sp, in, top + w + l);
            FloatVector max = t0.rearrange(even, t1);
            FloatVector offset = FloatVector.zero(sp);
            FloatVector v = t0.rearrange(odd, t1);
            VectorMask<Float> greater = v.compare(VectorOperators.GT, max);
            max = max.blend(v, greater);
            offset = offset.blend(1f, greater);
            v = b0.rearrange(even, b1);
            greater = v.compare(VectorOperators.GT, max);
            max = max.blend(v, greater);
            offset = offset.blend(w, greater);
            v = b0.rearrange(odd, b1);
            greater = v.compare(VectorOperators.GT, max);
            max = max.blend(v, greater);
            offset = offset.blend(w + 1, greater);
            // Window indexes stay far below 2^24, so they are exact as floats.
            FloatVector index = lanePairs.add(row + 2 * ox).add(offset);
            IntVector at = (IntVector) index.convertShape(VectorOperators.F2I, isp, 0);
            if (n == l) {
              max.intoArray(out, o + ox);
              at.intoArray(argmax, o + ox);
            } else {
              max.intoArray(out, o + ox, sp.indexInRange(0, n));
              at.intoArray(argmax, o + ox, isp.indexInRange(0, n));
            }
          }
        }
      }
    }
  }

  /** The vector at in[offset ..], lanes past the end of the array read as zero. */
  private static FloatVector load(VectorSpecies<Float> sp, float[] in, int offset) {
    if (offset + sp.length() <= in.length) {
      return FloatVector.fromArray(sp, in, offset);
    }
    return FloatVector.fromArray(sp, in, offset, sp.indexInRange(offset, in.length));
  }
}
