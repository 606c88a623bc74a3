package dev.sumi.data;

import java.util.SplittableRandom;

/** Deterministic per-epoch sample orders: the same seed and epoch give the same permutation. */
public final class Shuffler {
  private Shuffler() {}

  /**
   * Fills {@code into} with a permutation of {@code 0 .. into.length-1} (Fisher–Yates) that depends
   * only on {@code seed} and {@code epoch}.
   */
  public static void permutation(long seed, int epoch, int[] into) {
    // A large odd multiplier keeps (seed, epoch) pairs of nearby seeds from sharing a stream.
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
    for (int i = 0; i < into.length; i++) {
      into[i] = i;
    }
    for (int i = into.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = into[i];
      into[i] = into[j];
      into[j] = t;
    }
  }
}
