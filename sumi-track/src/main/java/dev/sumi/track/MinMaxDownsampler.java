package dev.sumi.track;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces points arriving in step order to at most {@code maxPoints}: the first, the last, and the
 * lowest and highest value of each of {@code (maxPoints - 2) / 2} equal step ranges, so spikes
 * survive. Keeps only O(maxPoints) points in memory.
 */
final class MinMaxDownsampler {
  private final long firstStep;
  private final double stepsPerBucket;
  private final List<MetricPoint> out = new ArrayList<>();
  private MetricPoint first;
  private MetricPoint last;
  private long bucket = -1;
  private MetricPoint low;
  private MetricPoint high;

  /** For points whose steps run from {@code firstStep} to {@code lastStep}. */
  MinMaxDownsampler(long firstStep, long lastStep, int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException(
          "maxPoints must be >= 2 (the first and last point), got " + maxPoints + ".");
    }
    int buckets = (maxPoints - 2) / 2;
    this.firstStep = firstStep;
    this.stepsPerBucket =
        buckets == 0 ? Double.POSITIVE_INFINITY : (lastStep - firstStep + 1.0) / buckets;
  }

  void add(MetricPoint p) {
    if (first == null) {
      first = p;
      return;
    }
    if (last != null) {
      inBucket(last);
    }
    last = p;
  }

  private void inBucket(MetricPoint p) {
    long b = (long) ((p.step() - firstStep) / stepsPerBucket);
    if (b != bucket) {
      emitBucket();
      bucket = b;
    }
    if (Double.isNaN(p.value())) {
      return;
    }
    if (low == null || p.value() < low.value()) {
      low = p;
    }
    if (high == null || p.value() > high.value()) {
      high = p;
    }
  }

  private void emitBucket() {
    if (low != null) {
      if (low == high) {
        out.add(low);
      } else if (low.step() <= high.step()) {
        out.add(low);
        out.add(high);
      } else {
        out.add(high);
        out.add(low);
      }
    }
    low = null;
    high = null;
  }

  List<MetricPoint> result() {
    List<MetricPoint> all = new ArrayList<>(out.size() + 4);
    if (first == null) {
      return all;
    }
    if (stepsPerBucket != Double.POSITIVE_INFINITY) {
      emitBucket();
    }
    all.add(first);
    all.addAll(out);
    if (last != null) {
      all.add(last);
    }
    return all;
  }
}
