package dev.sumi.kernel;

/**
 * Max pooling with 2x2 windows and stride 2, the common case, without the general loop nest: four
 * loads and three compares per output. Ties and NaNs resolve as in {@link ScalarKernels} (the first
 * of equal values wins).
 */
final class MaxPool2x2 {
  private MaxPool2x2() {}

  static boolean applies(PoolGeometry g) {
    return g.size() == 2 && g.stride() == 2;
  }

  /** Forward for images [from, to). */
  static void forward(PoolGeometry g, int from, int to, float[] in, float[] out, int[] argmax) {
    int w = g.inWidth();
    int inSize = g.inSize();
    int outSize = g.outSize();
    for (int b = from; b < to; b++) {
      int image = b * inSize;
      int o = b * outSize;
      for (int c = 0; c < g.channels(); c++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          int row = (c * g.inHeight() + 2 * oy) * w;
          for (int ox = 0; ox < g.outWidth(); ox++, o++) {
            int i = row + 2 * ox;
            int best = i;
            float max = in[image + i];
            float v = in[image + i + 1];
            if (v > max) {
              max = v;
              best = i + 1;
            }
            v = in[image + i + w];
            if (v > max) {
              max = v;
              best = i + w;
            }
            v = in[image + i + w + 1];
            if (v > max) {
              max = v;
              best = i + w + 1;
            }
            out[o] = max;
            argmax[o] = best;
          }
        }
      }
    }
  }
}
