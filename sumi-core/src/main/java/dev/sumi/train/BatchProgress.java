package dev.sumi.train;

/**
 * State after one step. {@code loss} and {@code accuracy} are running means over the epoch so far.
 * The object is reused from step to step: copy what you keep.
 */
public final class BatchProgress {
  int epoch;
  int step;
  int stepsPerEpoch;
  int epochs;
  long globalStep;
  double loss;
  double accuracy;
  double learningRate;
  double imagesPerSecond;
  double epochSeconds;

  public int epoch() {
    return epoch;
  }

  /** Step within the epoch, from 1. */
  public int step() {
    return step;
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  public int epochs() {
    return epochs;
  }

  /** Steps since the start of training, from 1. */
  public long globalStep() {
    return globalStep;
  }

  public double loss() {
    return loss;
  }

  public double accuracy() {
    return accuracy;
  }

  public double learningRate() {
    return learningRate;
  }

  public double imagesPerSecond() {
    return imagesPerSecond;
  }

  /** Seconds since the epoch started. */
  public double epochSeconds() {
    return epochSeconds;
  }
}
