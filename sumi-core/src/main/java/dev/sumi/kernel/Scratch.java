package dev.sumi.kernel;

/** Grow-only float buffers: allocation happens only while sizes are still increasing. */
final class Scratch {
  private final float[][] buffers;

  Scratch(int slots) {
    buffers = new float[slots][0];
  }

  /** Buffer number {@code slot}, at least {@code size} long; its content is unspecified. */
  float[] get(int slot, int size) {
    float[] b = buffers[slot];
    if (b.length < size) {
      b = new float[size];
      buffers[slot] = b;
    }
    return b;
  }
}
