package dev.sumi.train;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a run's epochs into a wall-time limit. After every epoch from the second the run is planned
 * to end after the epochs that still fit at the recent pace: the mean time of the last three epochs
 * (training and validation), leaving out the first, as it includes the JIT's warm-up. After the
 * first epoch the plan is left as it is unless not even one more epoch would fit at that epoch's
 * pace, so that a run with time to spare is not replanned, and keeps its schedule, because of its
 * slow start. The plan never exceeds the epochs asked for and never drops below the epoch just
 * finished; it may grow back when the pace recovers.
 */
final class TimeLimit {
  private static final int PACE_EPOCHS = 3;

  private final double limitSeconds;
  private final int maxEpochs;
  private final List<Double> times = new ArrayList<>();

  TimeLimit(Duration limit, int maxEpochs) {
    this.limitSeconds = limit.toNanos() / 1e9;
    this.maxEpochs = maxEpochs;
  }

  static Duration check(Duration limit) {
    if (limit == null || limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException(
          "Time limit " + limit + " is invalid; expected a positive duration, e.g. 28 minutes.");
    }
    return limit;
  }

  /**
   * The epochs to plan for after epoch {@code epoch} (from 1) took {@code epochSeconds}, with
   * {@code elapsedSeconds} spent since the run started.
   */
  int plannedEpochs(int epoch, double epochSeconds, double elapsedSeconds) {
    times.add(epochSeconds);
    int count = times.size();
    if (count == 1) {
      return epochsThatFit(epoch, epochSeconds, elapsedSeconds) > epoch ? maxEpochs : epoch;
    }
    double pace =
        times.subList(Math.max(1, count - PACE_EPOCHS), count).stream()
            .mapToDouble(Double::doubleValue)
            .average()
            .orElseThrow();
    return epochsThatFit(epoch, pace, elapsedSeconds);
  }

  private int epochsThatFit(int epoch, double pace, double elapsedSeconds) {
    long fit = (long) Math.floor((limitSeconds - elapsedSeconds) / pace);
    return (int) Math.min(maxEpochs, epoch + Math.max(0, fit));
  }
}
