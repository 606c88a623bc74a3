package dev.sumi.track;

/** Which runs to list; null fields match everything. */
public record RunQuery(String dataset, String model, String tag, String sweepId, int limit) {
  public static RunQuery all() {
    return new RunQuery(null, null, null, null, 10_000);
  }
}
