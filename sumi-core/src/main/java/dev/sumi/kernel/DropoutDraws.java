package dev.sumi.kernel;

/**
 * The uniform draws behind dropout masks: draw i of a pass is a hash of (seed, i) (a Weyl sequence
 * through MurmurHash3's 32-bit finaliser), so any part of a mask can be computed on its own, in any
 * order, on scalars or vector lanes, and the mask does not depend on the thread count or the vector
 * width. Draws are 24-bit: value i is kept when its draw is at least {@link #threshold}.
 */
final class DropoutDraws {
  private DropoutDraws() {}

  static final int WEYL = 0x9E3779B9;
  static final int MIX1 = 0x85EBCA6B;
  static final int MIX2 = 0xC2B2AE35;

  /** The draw below which a value is dropped, for dropping with probability {@code rate}. */
  static int threshold(float rate) {
    return Math.round(rate * (1 << 24));
  }

  /** The 24-bit draw for value i of the pass with this seed. */
  static int draw(long seed, int i) {
    int h = (i * WEYL + (int) seed) ^ (int) (seed >>> 32);
    h ^= h >>> 16;
    h *= MIX1;
    h ^= h >>> 13;
    h *= MIX2;
    h ^= h >>> 16;
    return h >>> 8;
  }

  /** {@link Kernels#dropout} over [from, to), one value at a time. */
  static void apply(
      float rate, long seed, float[] in, float[] mask, float[] out, int from, int to) {
    float keep = 1f / (1f - rate);
    int threshold = threshold(rate);
    for (int i = from; i < to; i++) {
      mask[i] = draw(seed, i) >= threshold ? keep : 0f;
      out[i] = in[i] * mask[i];
    }
  }
}
