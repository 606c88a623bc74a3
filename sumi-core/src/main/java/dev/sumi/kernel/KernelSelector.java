package dev.sumi.kernel;

/** Picks the fastest {@link Kernels} this JVM can run. */
final class KernelSelector {
  private KernelSelector() {}

  static Kernels best(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("Thread count " + threads + " is invalid; expected >= 1.");
    }
    return Kernels.scalar();
  }
}
