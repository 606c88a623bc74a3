package dev.sumi.kernel;

import java.util.function.Function;

/**
 * What a kernel builds once per convolution geometry (index maps, layouts), kept for the next call.
 * Layers alternate, so a single entry would be rebuilt on every call; enough entries for a deep
 * model are kept, found by identity (each layer keeps its geometry object), the oldest replaced.
 */
final class GeometryCache<V> {
  private final ConvGeometry[] keys;
  private final Object[] values;
  private final Function<ConvGeometry, V> build;
  private int next;

  GeometryCache(int size, Function<ConvGeometry, V> build) {
    this.keys = new ConvGeometry[size];
    this.values = new Object[size];
    this.build = build;
  }

  @SuppressWarnings("unchecked")
  V get(ConvGeometry g) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == g) {
        return (V) values[i];
      }
    }
    int slot = next;
    next = (next + 1) % keys.length;
    keys[slot] = g;
    values[slot] = build.apply(g);
    return (V) values[slot];
  }
}
