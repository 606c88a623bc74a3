package dev.sumi.train;

import java.util.List;

/** Everything a fit produced, epoch by epoch. */
public record History(
    List<EpochMetrics> epochs, boolean stoppedEarly, int bestEpoch, double wallSeconds) {

  public History {
    epochs = List.copyOf(epochs);
  }

  public EpochMetrics last() {
    return epochs.get(epochs.size() - 1);
  }

  /** Training images per second over the whole run, excluding validation. */
  public double trainImagesPerSecond() {
    double images = 0;
    double seconds = 0;
    for (EpochMetrics e : epochs) {
      images += e.imagesPerSecond() * e.seconds();
      seconds += e.seconds();
    }
    return seconds == 0 ? 0 : images / seconds;
  }
}
