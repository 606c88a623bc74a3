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
  private final StepTimes stepTimes;

  private RunContext(
      Kernels kernels, boolean training, SplittableRandom random, StepTimes stepTimes) {
    this.kernels = kernels;
    this.training = training;
    this.random = random;
    this.stepTimes = stepTimes;
  }

  public static RunContext training(Kernels kernels, long seed) {
    return new RunContext(kernels, true, new SplittableRandom(seed), null);
  }

  public static RunContext inference(Kernels kernels) {
    return new RunContext(kernels, false, new SplittableRandom(0), null);
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

  /** This context, with the same random source, timing every layer call into {@code times}. */
  public RunContext withStepTimes(StepTimes times) {
    return new RunContext(kernels, training, random, times);
  }

  /** Where layer and optimizer times go, or null when nothing is timed. */
  public StepTimes stepTimes() {
    return stepTimes;
  }
}
