package dev.sumi.track;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A run as the store knows it. Times are epoch milliseconds; finishedAt is 0 while running. */
public record RunRecord(
    String id,
    String name,
    String dataset,
    String model,
    Path runDir,
    String sweepId,
    RunStatus status,
    long createdAt,
    long finishedAt,
    long heartbeatAt,
    Map<String, Object> config,
    Map<String, Object> environment,
    Map<String, Object> summary,
    String notes,
    List<String> tags) {

  /** The summary's {@code test_accuracy}, or NaN before the run finished. */
  public double testAccuracy() {
    return summary.get("test_accuracy") instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
