package dev.sumi.augment;

/**
 * A random transformation of one image, applied in place. Implementations are immutable and shared
 * by the threads of an {@link Augmenter}; all per-image state and randomness lives in the {@link
 * Sample}.
 */
public interface Augmentation {

  /** Transforms the image of {@code sample} in place, drawing randomness from it. */
  void apply(Sample sample);

  /** The spec of this augmentation as {@link Augment#parse} reads it, e.g. {@code flip}. */
  String spec();

  /** This augmentation followed by {@code next}. */
  default Augmentation then(Augmentation next) {
    return Chain.of(this, next);
  }
}
