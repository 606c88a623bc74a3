package dev.sumi.nn;

import dev.sumi.kernel.Kernels;
import java.util.SplittableRandom;

/**
 * Per-pass state: the kernels to compute with, whether the network is training (dropout active) and
 * the random source for training-time randomness, seeded so that runs are reproducible.
 */
public final class RunContext {
  private final Kernels kernels;
  private final boolean training;
  private final SplittableRandom random;

  private RunContext(Kernels kernels, boolean training, SplittableRandom random) {
    this.kernels = kernels;
    this.training = training;
    this.random = random;
  }

  public static RunContext training(Kernels kernels, long seed) {
    return new RunContext(kernels, true, new SplittableRandom(seed));
  }

  public static RunContext inference(Kernels kernels) {
    return new RunContext(kernels, false, new SplittableRandom(0));
  }

  public Kernels kernels() {
    return kernels;
  }

  public boolean training() {
    return training;
  }

  public SplittableRandom random() {
    return random;
  }
}
